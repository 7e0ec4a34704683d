package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ConclaveException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Free-form metadata is free in shape, not in size, and holds no NUL character: PostgreSQL's jsonb (where room and
 * session metadata are kept) cannot store U+0000, and a room's metadata holding one failed with 500.
 */
@Component
class MetadataLimits {

    private final JsonMapper json;

    MetadataLimits(JsonMapper json) {
        this.json = json;
    }

    Map<String, Object> check(String field, Map<String, Object> metadata, int maxBytes) {
        if (metadata == null) {
            return Map.of();
        }
        if (json.writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw ConclaveException.invalidParam(field, "must be at most " + maxBytes + " bytes as JSON");
        }
        if (holdsNul(metadata)) {
            throw ConclaveException.invalidParam(field, "may not hold the NUL character (\\u0000), in keys or values");
        }
        return metadata;
    }

    private static boolean holdsNul(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(entry -> holdsNul(entry.getKey()) || holdsNul(entry.getValue()));
        }
        if (value instanceof Collection<?> items) {
            return items.stream().anyMatch(MetadataLimits::holdsNul);
        }
        return false;
    }
}
