package dev.conclave.media.support;

import dev.conclave.media.allocation.AllocationStore;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.placement.WorkerLoad;
import dev.conclave.media.worker.WorkerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Allocations kept in memory, at our own port, for tests of placement and failover without PostgreSQL. */
public final class InMemoryAllocationStore implements AllocationStore {

    private final Map<RoomId, StoredRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, StoredEndpoint> endpoints = new ConcurrentHashMap<>();

    @Override
    public synchronized Optional<WorkerId> reserveRoom(RoomId room,
                                                       Function<Map<WorkerId, WorkerLoad>, Optional<WorkerId>> pick) {
        Optional<WorkerId> worker = pick.apply(loads(room));
        worker.ifPresent(chosen -> rooms.put(room, new StoredRoom(room, chosen, "")));
        return worker;
    }

    @Override
    public Map<WorkerId, WorkerLoad> loads() {
        return loads(null);
    }

    private Map<WorkerId, WorkerLoad> loads(RoomId except) {
        Map<WorkerId, WorkerLoad> loads = new HashMap<>();
        rooms.values().stream().filter(saved -> !saved.room().equals(except)).forEach(saved -> loads.merge(
                saved.worker(), new WorkerLoad(1, endpoints(saved.room()).size()),
                (a, b) -> new WorkerLoad(a.rooms() + b.rooms(), a.endpoints() + b.endpoints())));
        return loads;
    }

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
    public void deleteEndpoint(RoomId room, String endpointId) {
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
    public Optional<StoredRoom> room(RoomId room) {
        return Optional.ofNullable(rooms.get(room));
    }

    @Override
    public List<StoredEndpoint> endpoints(RoomId room) {
        return endpoints.values().stream().filter(endpoint -> endpoint.key().room().equals(room)).toList();
    }
}
