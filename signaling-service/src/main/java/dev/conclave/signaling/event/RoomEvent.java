package dev.conclave.signaling.event;

import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;

/**
 * Something that happened in a room that its members must hear about. Events travel on the room bus; each
 * says who must not receive it (its author) or, for a relay, the one who must.
 */
public sealed interface RoomEvent {

    RoomId roomId();

    /** Whether {@code member} of the room receives this event. */
    boolean isFor(ParticipantId member);

    record ParticipantJoined(RoomId roomId, ParticipantInfo participant) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant.id());
        }
    }

    record ParticipantLeft(RoomId roomId, ParticipantId participant, LeaveReason reason) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    record ChatMessage(RoomId roomId, String messageId, ParticipantId from, String fromName, String text,
                       Instant sentAt) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(from);
        }
    }

    record MuteChanged(RoomId roomId, ParticipantId participant, MediaKind kind, boolean muted) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    record Relayed(RoomId roomId, ParticipantId from, ParticipantId to, RelayPayload payload) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return member.equals(to);
        }
    }
}
