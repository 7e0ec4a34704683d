package dev.conclave.signaling.room;

import java.util.Map;

/**
 * A room to create.
 *
 * @param id                  the room's id, or {@code null} to generate one
 * @param emptyTimeoutSeconds {@code null}: never close for being empty
 */
public record RoomSpec(RoomId id, RoomAccess access, Topology topology, int maxParticipants,
                       Integer emptyTimeoutSeconds, Map<String, Object> metadata) {

    public RoomSpec {
        metadata = Map.copyOf(metadata);
    }
}
