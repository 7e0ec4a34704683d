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
    private final Map<ParticipantId, String> attachments = new ConcurrentHashMap<>();
    private final Map<RoomId, Set<ParticipantId>> byRoom = new ConcurrentHashMap<>();
    private final ObjectProvider<RoomPresenceListener> listeners;

    LocalParticipants(MeterRegistry metrics, ObjectProvider<RoomPresenceListener> listeners) {
        this.listeners = listeners;
        Gauge.builder("conclave.participants.local", byId, Map::size)
                .description("Participants connected to this node").register(metrics);
        Gauge.builder("conclave.rooms.local", byRoom, Map::size)
                .description("Rooms with participants connected to this node").register(metrics);
    }

    /**
     * Registers the participant here. The first one of a room tells the listeners inside the room's update, so
     * "first" and "last" can never cross for one room.
     */
    void add(Participant participant, String attachment) {
        byId.put(participant.id(), participant);
        attachments.put(participant.id(), attachment);
        try {
            byRoom.compute(participant.roomId(), (room, ids) -> {
                Set<ParticipantId> members = ids == null ? ConcurrentHashMap.newKeySet() : ids;
                if (members.isEmpty()) {
                    listeners.orderedStream().forEach(listener -> listener.firstLocalMember(room));
                }
                members.add(participant.id());
                return members;
            });
        } catch (RuntimeException e) {
            // a listener failed (Redis away: the room's channel could not be subscribed): not here after all
            attachments.remove(participant.id(), attachment);
            byId.remove(participant.id(), participant);
            throw e;
        }
    }

    /** Forgets the participant only if it is still attached here through {@code attachment}. */
    Optional<Participant> removeIfAttached(ParticipantId participant, String attachment) {
        return attachments.remove(participant, attachment) ? remove(participant) : Optional.empty();
    }

    Optional<Participant> remove(ParticipantId participant) {
        attachments.remove(participant);
        Participant removed = byId.remove(participant);
        if (removed != null) {
            byRoom.computeIfPresent(removed.roomId(), (room, ids) -> {
                ids.remove(participant);
                if (ids.isEmpty()) {
                    listeners.orderedStream().forEach(listener -> listener.lastLocalMemberLeft(room));
                    return null;
                }
                return ids;
            });
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

    /** Which of this node's connections the participant is attached through; empty if it is not here. */
    public Optional<String> attachment(ParticipantId participant) {
        return Optional.ofNullable(attachments.get(participant));
    }
}
