package dev.conclave.signaling.token;

import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.room.RoomId;
import java.util.Map;
import java.util.Set;

/**
 * What a verified join token says.
 *
 * @param metadata free-form, from the token's {@code metadata} claim; empty when absent
 */
public record JoinClaims(RoomId roomId, String identity, String name, Set<Grant> grants, boolean guest,
                         Map<String, Object> metadata) {

    public JoinClaims {
        grants = Set.copyOf(grants);
        metadata = Map.copyOf(metadata);
    }
}
