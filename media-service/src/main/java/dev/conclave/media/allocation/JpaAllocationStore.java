package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.worker.WorkerId;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Allocations in PostgreSQL ({@code media_room}, {@code media_endpoint}). */
@Component
class JpaAllocationStore implements AllocationStore {

    private final MediaRoomRepository rooms;
    private final MediaEndpointRepository endpoints;
    private final Clock clock;

    JpaAllocationStore(MediaRoomRepository rooms, MediaEndpointRepository endpoints, Clock clock) {
        this.rooms = rooms;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Override
    public void saveRoom(StoredRoom room) {
        rooms.save(new MediaRoomEntity(room.room().value(), room.worker().value(), room.pipelineId(),
                clock.instant()));
    }

    @Override
    @Transactional
    public void deleteRoom(RoomId room) {
        endpoints.deleteByRoomId(room.value());
        rooms.deleteById(room.value());
    }

    @Override
    public void saveEndpoint(StoredEndpoint endpoint) {
        EndpointKey key = endpoint.key();
        endpoints.save(new MediaEndpointEntity(endpoint.endpointId(), key.room().value(), key.participant().value(),
                key.isPublisher() ? "" : key.publisher().value(), clock.instant()));
    }

    @Override
    public void deleteEndpoint(String endpointId) {
        endpoints.deleteById(endpointId);
    }

    @Override
    public void deleteEndpoints(RoomId room) {
        endpoints.deleteByRoomId(room.value());
    }

    @Override
    public List<StoredRoom> rooms() {
        return rooms.findAll().stream()
                .map(row -> new StoredRoom(new RoomId(row.roomId()), new WorkerId(row.workerId()), row.pipelineId()))
                .toList();
    }

    @Override
    public List<StoredEndpoint> endpoints(RoomId room) {
        return endpoints.findByRoomId(room.value()).stream()
                .map(row -> new StoredEndpoint(row.endpointId(), new EndpointKey(room,
                        new ParticipantId(row.participantId()),
                        row.publisherId().isEmpty() ? null : new ParticipantId(row.publisherId()))))
                .toList();
    }
}
