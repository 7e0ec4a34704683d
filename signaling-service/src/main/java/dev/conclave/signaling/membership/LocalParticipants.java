package dev.conclave.signaling.membership;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
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
    private final Map<RoomId, LocalRoom> byRoom = new ConcurrentHashMap<>();
    private final ObjectProvider<RoomPresenceListener> listeners;

    /**
     * A room's participants here. The listeners are told of its first and last one under this room's own lock (they
     * subscribe to and unsubscribe from the room's channel, which waits on Redis): joins to the same room wait for
     * that, as they must, and nothing else does — no map bin, no other room.
     */
    private static final class LocalRoom {
        final Set<ParticipantId> members = ConcurrentHashMap.newKeySet();
        /** Its listeners were told of its first member. */
        boolean announced;
        /** Its last member left and it is out of the map: an add that finds it takes a new one. */
        boolean retired;
    }

    LocalParticipants(MeterRegistry metrics, ObjectProvider<RoomPresenceListener> listeners) {
        this.listeners = listeners;
        Gauge.builder("conclave.participants.local", byId, Map::size)
                .description("Participants connected to this node").register(metrics);
        Gauge.builder("conclave.rooms.local", byRoom, Map::size)
                .description("Rooms with participants connected to this node").register(metrics);
    }

    /**
     * Registers the participant here. The first one of a room tells the listeners first, so the room's events reach
     * this node before anyone here is told they are in; "first" and "last" never cross for one room.
     */
    void add(Participant participant, String attachment) {
        byId.put(participant.id(), participant);
        attachments.put(participant.id(), attachment);
        try {
            while (!addTo(byRoom.computeIfAbsent(participant.roomId(), room -> new LocalRoom()), participant)) {
                Thread.onSpinWait(); // the room's last member was leaving: its successor is made on the next turn
            }
        } catch (RuntimeException e) {
            // a listener failed (Redis away: the room's channel could not be subscribed): not here after all
            attachments.remove(participant.id(), attachment);
            byId.remove(participant.id(), participant);
            throw e;
        }
    }

    /** False if the room was retired meanwhile (its last member left). */
    private boolean addTo(LocalRoom room, Participant participant) {
        synchronized (room) {
            if (room.retired) {
                return false;
            }
            if (!room.announced) {
                try {
                    listeners.orderedStream().forEach(listener -> listener.firstLocalMember(participant.roomId()));
                } catch (RuntimeException e) {
                    if (room.members.isEmpty()) {
                        room.retired = true;
                        byRoom.remove(participant.roomId(), room);
                    }
                    throw e;
                }
                room.announced = true;
            }
            room.members.add(participant.id());
            return true;
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
            LocalRoom room = byRoom.get(removed.roomId());
            if (room != null) {
                synchronized (room) {
                    if (room.members.remove(participant) && room.members.isEmpty() && !room.retired) {
                        room.retired = true;
                        // told before the room leaves the map: an add meanwhile waits on this room's lock, then
                        // makes the next one, whose first member is announced after this last one left
                        try {
                            listeners.orderedStream().forEach(listener -> listener.lastLocalMemberLeft(removed.roomId()));
                        } finally {
                            byRoom.remove(removed.roomId(), room);
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(removed);
    }

    public Optional<Participant> get(ParticipantId participant) {
        return Optional.ofNullable(byId.get(participant));
    }

    /** The participant acting through a connection here; {@code NOT_JOINED} if it is not in a room here. */
    public Participant require(ParticipantId participant) {
        return get(participant).orElseThrow(() -> new ConclaveException(ErrorCode.NOT_JOINED, "join a room first"));
    }

    /**
     * As {@link #require}, and visible: {@code PERMISSION_DENIED} for an audience member, whom {@code what} (a
     * broadcast to the room) would announce.
     */
    public Participant requireVisible(ParticipantId participant, String what) {
        Participant found = require(participant);
        if (found.audience()) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED,
                    "an audience member (no publish grant) cannot " + what + ": it would show an unlisted member");
        }
        return found;
    }

    /** The room's participants connected here. */
    public Collection<ParticipantId> inRoom(RoomId room) {
        LocalRoom here = byRoom.get(room);
        return here == null ? List.of() : here.members;
    }

    public Collection<Participant> all() {
        return byId.values();
    }

    /** Which of this node's connections the participant is attached through; empty if it is not here. */
    public Optional<String> attachment(ParticipantId participant) {
        return Optional.ofNullable(attachments.get(participant));
    }
}
