package dev.conclave.signaling.token;

import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.room.RoomId;
import java.util.Map;
import java.util.Set;

/**
 * A join token to have auth-service mint.
 *
 * @param identity   {@code null} for a guest, who gets a generated one
 * @param grants     {@code null} for the default (publish, subscribe, chat)
 * @param ttlSeconds {@code null} for auth-service's default lifetime
 */
public record JoinTokenRequest(RoomId roomId, String identity, String displayName, Set<Grant> grants,
                               Map<String, Object> metadata, Integer ttlSeconds, boolean guest) {

    public JoinTokenRequest {
        grants = grants == null ? null : Set.copyOf(grants);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static JoinTokenRequest guest(RoomId roomId, String displayName) {
        return new JoinTokenRequest(roomId, null, displayName, null, Map.of(), null, true);
    }
}
