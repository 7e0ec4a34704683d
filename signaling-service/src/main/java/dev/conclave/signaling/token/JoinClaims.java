package dev.conclave.signaling.token;

import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.room.RoomId;
import java.util.Set;

/** What a verified join token says. */
public record JoinClaims(RoomId roomId, String identity, String name, Set<Grant> grants, boolean guest) {

    public JoinClaims {
        grants = Set.copyOf(grants);
    }
}
