package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.placement.WorkerLoad;
import dev.conclave.media.worker.WorkerId;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Allocations in PostgreSQL ({@code media_room}, {@code media_endpoint}), shared by every media-service replica.
 * Each write about a room first holds the room's owner row ({@link RoomFence}) in the same transaction; placements
 * take one transaction-scoped advisory lock so that replicas place one at a time on the loads they all see.
 */
@Component
class JpaAllocationStore implements AllocationStore {

    /** The advisory lock every replica's placement takes (an arbitrary number, the same everywhere). */
    private static final long PLACEMENT_LOCK = 0x6d65646961L;

    private final MediaRoomRepository rooms;
    private final MediaEndpointRepository endpoints;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RoomFence fence;

    JpaAllocationStore(MediaRoomRepository rooms, MediaEndpointRepository endpoints, JdbcTemplate jdbc, Clock clock,
                       ObjectProvider<RoomFence> fence) {
        this.rooms = rooms;
        this.endpoints = endpoints;
        this.jdbc = jdbc;
        this.clock = clock;
        this.fence = fence.getIfAvailable(() -> RoomFence.NONE);
    }

    @Override
    @Transactional
    public Optional<WorkerId> reserveRoom(RoomId room,
                                          Function<Map<WorkerId, WorkerLoad>, Optional<WorkerId>> pick) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", PLACEMENT_LOCK);
        fence.hold(room);
        Optional<WorkerId> worker = pick.apply(loads(room));
        worker.ifPresent(chosen -> rooms.save(new MediaRoomEntity(room.value(), chosen.value(), "",
                clock.instant())));
        return worker;
    }

    @Override
    public Map<WorkerId, WorkerLoad> loads() {
        return loads(null);
    }

    /** Every room's load but {@code except}'s (the room being placed, which may be placed already). */
    private Map<WorkerId, WorkerLoad> loads(RoomId except) {
        Map<WorkerId, WorkerLoad> loads = new HashMap<>();
        jdbc.query("SELECT r.worker_id, count(DISTINCT r.room_id) AS rooms, count(e.endpoint_id) AS endpoints"
                + " FROM media_room r LEFT JOIN media_endpoint e ON e.room_id = r.room_id"
                + " WHERE r.room_id <> ? GROUP BY r.worker_id", row -> {
                    loads.put(new WorkerId(row.getString("worker_id")),
                            new WorkerLoad(row.getInt("rooms"), row.getInt("endpoints")));
                }, except == null ? "" : except.value());
        return loads;
    }

    @Override
    @Transactional
    public void saveRoom(StoredRoom room) {
        fence.hold(room.room());
        rooms.save(new MediaRoomEntity(room.room().value(), room.worker().value(), room.pipelineId(),
                clock.instant()));
    }

    @Override
    @Transactional
    public void deleteRoom(RoomId room) {
        fence.hold(room);
        endpoints.deleteByRoomId(room.value());
        rooms.deleteById(room.value());
    }

    @Override
    @Transactional
    public void saveEndpoint(StoredEndpoint endpoint) {
        EndpointKey key = endpoint.key();
        fence.hold(key.room());
        endpoints.save(new MediaEndpointEntity(endpoint.endpointId(), key.room().value(), key.participant().value(),
                key.isPublisher() ? "" : key.publisher().value(), clock.instant(), endpoint.node()));
    }

    @Override
    @Transactional
    public void deleteEndpoint(RoomId room, String endpointId) {
        fence.hold(room);
        endpoints.deleteById(endpointId);
    }

    @Override
    @Transactional
    public void deleteEndpoints(RoomId room) {
        fence.hold(room);
        endpoints.deleteByRoomId(room.value());
    }

    @Override
    public List<StoredRoom> rooms() {
        return rooms.findAll().stream().map(JpaAllocationStore::stored).toList();
    }

    @Override
    public Optional<StoredRoom> room(RoomId room) {
        return rooms.findById(room.value()).map(JpaAllocationStore::stored);
    }

    private static StoredRoom stored(MediaRoomEntity row) {
        return new StoredRoom(new RoomId(row.roomId()), new WorkerId(row.workerId()), row.pipelineId());
    }

    @Override
    public List<StoredEndpoint> endpoints(RoomId room) {
        return endpoints.findByRoomId(room.value()).stream()
                .map(row -> new StoredEndpoint(row.endpointId(), new EndpointKey(room,
                        new ParticipantId(row.participantId()),
                        row.publisherId().isEmpty() ? null : new ParticipantId(row.publisherId())), row.nodeId()))
                .toList();
    }
}
