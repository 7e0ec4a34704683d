package dev.conclave.auth.jointoken;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a join token should say.
 *
 * @param identity the participant identity, or {@code null} for a guest (one is generated)
 * @param ttl      how long it is valid; {@code null} for the configured default
 * @param metadata free-form participant metadata written as the {@code metadata} claim (a JSON object), or
 *                 {@code null} for none; values are JSON-shaped (maps, lists, strings, numbers, booleans, nulls)
 */
public record JoinTokenSpec(String roomId, String identity, String displayName, Set<Grant> grants, Duration ttl,
                            boolean guest, Map<String, Object> metadata) {

    public JoinTokenSpec {
        grants = Set.copyOf(grants);
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
