package dev.conclave.signaling.room;

import java.time.Instant;

/** What is stored about a room. */
public record Room(RoomId id, RoomAccess access, int maxParticipants, RoomState state, Instant createdAt) {

    public boolean isClosed() {
        return state == RoomState.CLOSED;
    }
}
