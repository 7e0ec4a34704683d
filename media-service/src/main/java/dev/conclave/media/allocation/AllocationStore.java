package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.placement.WorkerLoad;
import dev.conclave.media.worker.WorkerId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the allocations are kept, so a restarted media-service, or another replica taking a room over, finds its
 * pipelines again. Writes about a room are fenced ({@link RoomFence}): they fail with {@link RoomLostException} once
 * another replica owns the room.
 */
public interface AllocationStore {

    record StoredRoom(RoomId room, WorkerId worker, String pipelineId) {

        /** Placed, but its pipeline not made yet (the replica placing it may have died meanwhile). */
        public boolean reserved() {
            return pipelineId.isEmpty();
        }
    }

    /** @param node the signaling node that asked for it (empty: unknown) */
    record StoredEndpoint(String endpointId, EndpointKey key, String node) {
    }

    /**
     * Places a room: {@code pick} chooses its worker from what every worker carries over all replicas, and the room
     * is saved there with no pipeline yet, all while no other placement runs (on any replica), so two replicas
     * placing at once each see the other's room. Empty (nothing saved) when {@code pick} finds no worker.
     */
    Optional<WorkerId> reserveRoom(RoomId room, Function<Map<WorkerId, WorkerLoad>, Optional<WorkerId>> pick);

    /** What each worker carries, over every replica. */
    Map<WorkerId, WorkerLoad> loads();

    /** Saves a room's placement (its pipeline made, or the room moved to another worker). */
    void saveRoom(StoredRoom room);

    /** Forgets a room and its endpoints. */
    void deleteRoom(RoomId room);

    void saveEndpoint(StoredEndpoint endpoint);

    void deleteEndpoint(RoomId room, String endpointId);

    /** Forgets every endpoint of a room (its pipeline is gone). */
    void deleteEndpoints(RoomId room);

    List<StoredRoom> rooms();

    Optional<StoredRoom> room(RoomId room);

    List<StoredEndpoint> endpoints(RoomId room);
}
