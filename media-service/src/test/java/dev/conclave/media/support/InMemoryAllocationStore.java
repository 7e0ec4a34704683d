package dev.conclave.media.support;

import dev.conclave.media.allocation.AllocationStore;
import dev.conclave.media.endpoint.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Allocations kept in memory, at our own port, for tests of placement and failover without PostgreSQL. */
public final class InMemoryAllocationStore implements AllocationStore {

    private final Map<RoomId, StoredRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, StoredEndpoint> endpoints = new ConcurrentHashMap<>();

    @Override
    public void saveRoom(StoredRoom room) {
        rooms.put(room.room(), room);
    }

    @Override
    public void deleteRoom(RoomId room) {
        rooms.remove(room);
        deleteEndpoints(room);
    }

    @Override
    public void saveEndpoint(StoredEndpoint endpoint) {
        endpoints.put(endpoint.endpointId(), endpoint);
    }

    @Override
    public void deleteEndpoint(String endpointId) {
        endpoints.remove(endpointId);
    }

    @Override
    public void deleteEndpoints(RoomId room) {
        endpoints.values().removeIf(endpoint -> endpoint.key().room().equals(room));
    }

    @Override
    public List<StoredRoom> rooms() {
        return new ArrayList<>(rooms.values());
    }

    @Override
    public List<StoredEndpoint> endpoints(RoomId room) {
        return endpoints.values().stream().filter(endpoint -> endpoint.key().room().equals(room)).toList();
    }
}
