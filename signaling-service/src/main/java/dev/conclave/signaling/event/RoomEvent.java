package dev.conclave.signaling.event;

import dev.conclave.signaling.participant.ConnectionQuality;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import java.time.Instant;

/**
 * Something that happened in a room that its members must hear about. Events travel on the room bus; each
 * says who must not receive it (its author) or, for a relay, the one who must.
 */
public sealed interface RoomEvent {

    RoomId roomId();

    /** Whether {@code member} of the room receives this event. */
    boolean isFor(ParticipantId member);

    /** Visible members only: the audience comes and goes unannounced. */
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

    /** @param from {@code null} (and {@code fromName} too) for a system message sent through the API */
    record ChatMessage(RoomId roomId, String messageId, ParticipantId from, String fromName, String text,
                       Instant sentAt) implements RoomEvent {
        public boolean system() {
            return from == null;
        }

        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(from);
        }
    }

    /**
     * @param byServer {@code true} when an internal service muted the participant: then the participant itself is
     *                 told too, and must mute its own track
     */
    record MuteChanged(RoomId roomId, ParticipantId participant, MediaKind kind, boolean muted, boolean byServer)
            implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return byServer || !member.equals(participant);
        }
    }

    /**
     * A member raised or lowered its hand — or a moderator lowered it ({@code by}; {@code null} when the member did).
     * Everyone hears it, the member too: a hand lowered by a moderator must come down on its own page.
     */
    record HandChanged(RoomId roomId, ParticipantId participant, Instant raisedAt, ParticipantId by)
            implements RoomEvent {
        public boolean raised() {
            return raisedAt != null;
        }

        @Override
        public boolean isFor(ParticipantId member) {
            return by != null || !member.equals(participant);
        }
    }

    /** A member started or stopped speaking, as its own page measured it. */
    record SpeakingChanged(RoomId roomId, ParticipantId participant, boolean speaking) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    /** A brief emoji reaction from a member, shown on its tile; not kept. */
    record Reaction(RoomId roomId, ParticipantId participant, String emoji) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    /** A member's own connection got better or worse, as its page measured it; not kept. */
    record ConnectionQualityChanged(RoomId roomId, ParticipantId participant, ConnectionQuality level)
            implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    /** A visible member's connection dropped; it may resume within the grace period. */
    record ParticipantReconnecting(RoomId roomId, ParticipantId participant) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    /** A visible member came back after its connection dropped, as itself. */
    record ParticipantResumed(RoomId roomId, ParticipantId participant) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    /** A moderator muted or unmuted a member's chat: told to everyone; the member's node stops or lets it chat. */
    record ChatMuted(RoomId roomId, ParticipantId participant, boolean muted) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return true;
        }
    }

    /**
     * Not a notification: the node holding the participant's connection closes it for {@code reason} (the domain
     * has already removed it from the room).
     */
    record Disconnect(RoomId roomId, ParticipantId participant, LeaveReason reason) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return false;
        }
    }

    /**
     * Not a notification: the participant resumed on {@code node}; any other node still holding a connection for it
     * closes that connection, without a leave.
     */
    record ParticipantMoved(RoomId roomId, ParticipantId participant, String node) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return false;
        }
    }

    /** Told to the one participant an internal service removes, just before its connection is closed. */
    record ParticipantRemoved(RoomId roomId, ParticipantId participant, String reason) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return member.equals(participant);
        }
    }

    /** Told to everyone in a room that is being closed, just before their connections are. */
    record RoomClosed(RoomId roomId, String reason) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return true;
        }
    }

    record Relayed(RoomId roomId, ParticipantId from, ParticipantId to, RelayPayload payload) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return member.equals(to);
        }
    }

    /** An SFU participant started sending: the others may subscribe to it (on media worker {@code worker}). */
    record StreamPublished(RoomId roomId, ParticipantId participant, String worker) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    record StreamUnpublished(RoomId roomId, ParticipantId participant) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return !member.equals(participant);
        }
    }

    /**
     * The media server's ICE candidate for one of the participant's endpoints: its publisher ({@code publisher}
     * null) or its subscription to {@code publisher}. Comes from media-service to every node, not over the bus.
     */
    record MediaCandidate(RoomId roomId, ParticipantId participant, ParticipantId publisher, IceCandidate candidate)
            implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return member.equals(participant);
        }
    }

    /**
     * The room's media moved to worker {@code worker} (its old worker died or was drained): every endpoint is gone,
     * and everyone publishes and subscribes again, without leaving. Comes from media-service, not over the bus.
     */
    record Renegotiate(RoomId roomId, String worker, String reason) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return true;
        }
    }

    /** An {@code AUTO} room grew and moved to SFU: everyone closes the mesh and publishes to the media server. */
    record TopologyChanged(RoomId roomId, Topology topology, String reason) implements RoomEvent {
        @Override
        public boolean isFor(ParticipantId member) {
            return true;
        }
    }
}
