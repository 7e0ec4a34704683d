package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.worker.WorkerId;
import java.util.List;

/** Where the allocations are kept so a restarted media-service finds its pipelines again. */
public interface AllocationStore {

    record StoredRoom(RoomId room, WorkerId worker, String pipelineId) {
    }

    record StoredEndpoint(String endpointId, EndpointKey key) {
    }

    /** Saves a room's placement (a new room, or a room moved to another worker). */
    void saveRoom(StoredRoom room);

    /** Forgets a room and its endpoints. */
    void deleteRoom(RoomId room);

    void saveEndpoint(StoredEndpoint endpoint);

    void deleteEndpoint(String endpointId);

    /** Forgets every endpoint of a room (its pipeline is gone). */
    void deleteEndpoints(RoomId room);

    List<StoredRoom> rooms();

    List<StoredEndpoint> endpoints(RoomId room);
}
