package dev.conclave.signaling.room;

import java.time.Instant;
import java.util.Map;

/**
 * What is stored about a room.
 *
 * @param emptyTimeoutSeconds close the room once it has been empty this long; {@code null}: never
 * @param metadata            free-form, set by the internal service that manages the room
 * @param createdBy           the API client that created it; {@code null} for a room created by a guest link
 */
public record Room(RoomId id, RoomAccess access, Topology topology, int maxParticipants, Integer emptyTimeoutSeconds,
                   Map<String, Object> metadata, RoomState state, Instant createdAt, Instant closedAt,
                   String closeReason, String createdBy) {

    public Room {
        metadata = Map.copyOf(metadata);
    }

    public boolean isClosed() {
        return state == RoomState.CLOSED;
    }
}
