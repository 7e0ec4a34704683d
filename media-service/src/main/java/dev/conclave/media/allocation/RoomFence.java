package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.RoomId;

/**
 * The fencing of a room's saved media when several media-service replicas share them: a write is made only while
 * this replica still owns the room under the lease (epoch) it holds. Called inside the write's transaction.
 */
public interface RoomFence {

    /** Lets every write through (a single media-service, or tests without replicas). */
    RoomFence NONE = room -> {
    };

    /**
     * Checks that this replica still owns {@code room}, holding the owner row until the transaction ends so that no
     * takeover lands in between; throws {@link RoomLostException} when another replica owns it now.
     */
    void hold(RoomId room);
}
