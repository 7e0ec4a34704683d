package dev.conclave.signaling.room;

import java.time.Instant;
import java.util.Map;

/**
 * What is stored about a room.
 *
 * @param emptyTimeoutSeconds close the room once it has been empty this long; {@code null}: never
 * @param metadata            free-form, set by the internal service that manages the room
 * @param createdBy           the API client that created it; {@code null} for a room created by a guest link
 * @param sfuSince            an {@code AUTO} room: when it moved to SFU; {@code null} while it is a mesh
 */
public record Room(RoomId id, RoomAccess access, Topology topology, int maxParticipants, Integer emptyTimeoutSeconds,
                   Map<String, Object> metadata, RoomState state, Instant createdAt, Instant closedAt,
                   String closeReason, String createdBy, Instant sfuSince) {

    public Room {
        metadata = Map.copyOf(metadata);
    }

    /** How media flows now: {@code MESH} or {@code SFU} ({@code AUTO} rooms are one or the other). */
    public Topology mediaTopology() {
        return topology == Topology.SFU || (topology == Topology.AUTO && sfuSince != null) ? Topology.SFU
                : Topology.MESH;
    }

    public boolean isClosed() {
        return state == RoomState.CLOSED;
    }
}
