package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The participants whose connections are on this node, by id and by room: whom this node delivers a room's events
 * to, and who may act through a connection here. The platform-wide membership is the {@link RoomRoster}'s.
 */
@Component
public class LocalParticipants {

    private final Map<ParticipantId, Participant> byId = new ConcurrentHashMap<>();
    private final Map<RoomId, Set<ParticipantId>> byRoom = new ConcurrentHashMap<>();
    private final List<RoomPresenceListener> listeners;

    LocalParticipants(MeterRegistry metrics, ObjectProvider<RoomPresenceListener> listeners) {
        this.listeners = listeners.orderedStream().toList();
        Gauge.builder("conclave.participants.local", byId, Map::size)
                .description("Participants connected to this node").register(metrics);
        Gauge.builder("conclave.rooms.local", byRoom, Map::size)
                .description("Rooms with participants connected to this node").register(metrics);
    }

    void add(Participant participant) {
        byId.put(participant.id(), participant);
        boolean[] first = {false};
        byRoom.compute(participant.roomId(), (room, ids) -> {
            Set<ParticipantId> members = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            first[0] = members.isEmpty();
            members.add(participant.id());
            return members;
        });
        if (first[0]) {
            listeners.forEach(listener -> listener.firstLocalMember(participant.roomId()));
        }
    }

    Optional<Participant> remove(ParticipantId participant) {
        Participant removed = byId.remove(participant);
        if (removed != null) {
            boolean[] last = {false};
            byRoom.computeIfPresent(removed.roomId(), (room, ids) -> {
                ids.remove(participant);
                last[0] = ids.isEmpty();
                return ids.isEmpty() ? null : ids;
            });
            if (last[0]) {
                listeners.forEach(listener -> listener.lastLocalMemberLeft(removed.roomId()));
            }
        }
        return Optional.ofNullable(removed);
    }

    public Optional<Participant> get(ParticipantId participant) {
        return Optional.ofNullable(byId.get(participant));
    }

    /** The room's participants connected here. */
    public Collection<ParticipantId> inRoom(RoomId room) {
        Set<ParticipantId> ids = byRoom.get(room);
        return ids == null ? List.of() : ids;
    }

    public Collection<Participant> all() {
        return byId.values();
    }
}
