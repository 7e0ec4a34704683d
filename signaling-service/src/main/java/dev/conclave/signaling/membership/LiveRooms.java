package dev.conclave.signaling.membership;

import dev.conclave.signaling.membership.LiveRoom.Admission;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The rooms that have members on this node. A room appears with its first member and goes with its last; every
 * change to a room's membership happens inside {@link ConcurrentMap#compute} for that room, so admissions, removals
 * and the room's disappearance never interleave.
 */
@Component
public class LiveRooms {

    private final ConcurrentMap<RoomId, LiveRoom> rooms = new ConcurrentHashMap<>();

    LiveRooms(MeterRegistry metrics) {
        Gauge.builder("conclave.rooms.live", rooms, ConcurrentMap::size)
                .description("Rooms with members on this node").register(metrics);
        Gauge.builder("conclave.participants.live", this, LiveRooms::participantCount)
                .description("Participants in rooms on this node").register(metrics);
    }

    Admission admit(Room room, Participant participant) {
        Admission[] admission = new Admission[1];
        rooms.compute(room.id(), (id, live) -> {
            LiveRoom target = live == null ? new LiveRoom(id, room.maxParticipants()) : live;
            admission[0] = target.admit(participant);
            return target;
        });
        return admission[0];
    }

    Optional<Participant> remove(RoomId roomId, ParticipantId participant) {
        @SuppressWarnings("unchecked")
        Optional<Participant>[] removed = new Optional[] {Optional.empty()};
        rooms.computeIfPresent(roomId, (id, live) -> {
            removed[0] = live.remove(participant);
            return live.isEmpty() ? null : live;
        });
        return removed[0];
    }

    public Optional<Participant> member(RoomId roomId, ParticipantId participant) {
        LiveRoom room = rooms.get(roomId);
        return room == null ? Optional.empty() : room.member(participant);
    }

    public List<ParticipantId> memberIds(RoomId roomId) {
        LiveRoom room = rooms.get(roomId);
        return room == null ? List.of() : room.members().stream().map(Participant::id).toList();
    }

    public List<Participant> members(RoomId roomId) {
        LiveRoom room = rooms.get(roomId);
        return room == null ? List.of() : List.copyOf(room.members());
    }

    /** Every participant on this node, room by room. */
    public List<Participant> allParticipants() {
        return rooms.values().stream().flatMap(room -> room.members().stream()).toList();
    }

    private int participantCount() {
        return rooms.values().stream().mapToInt(room -> room.members().size()).sum();
    }
}
