package dev.conclave.auth.jointoken;

import java.time.Duration;
import java.util.Set;

/**
 * What a join token should say.
 *
 * @param identity the participant identity, or {@code null} for a guest (one is generated)
 * @param ttl      how long it is valid; {@code null} for the configured default
 */
public record JoinTokenSpec(String roomId, String identity, String displayName, Set<Grant> grants, Duration ttl,
                            boolean guest) {

    public JoinTokenSpec {
        grants = Set.copyOf(grants);
    }
}
