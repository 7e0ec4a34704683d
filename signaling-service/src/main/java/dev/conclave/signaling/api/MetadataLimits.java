package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ConclaveException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Free-form metadata is free in shape, not in size. */
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
        return metadata;
    }
}
