package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;

/**
 * One participant as the whole platform knows it, whichever node its connection is on.
 *
 * @param node           the signaling node holding its connection (or that last held it, while it reconnects)
 * @param presenceSince  when it connected, or when its connection was lost
 * @param audience       may not publish: not announced to the room, not listed
 * @param chatMuted      a moderator muted its chat
 */
public record Member(RoomId roomId, ParticipantInfo info, String node, Presence presence, Instant presenceSince,
                     boolean audience, boolean chatMuted) {

    public enum Presence {
        /** Its connection is open on {@link #node()}. */
        CONNECTED,
        /** Its connection was lost; it may come back with {@code resumeRoom} within the grace period. */
        RECONNECTING
    }

    public ParticipantId id() {
        return info.id();
    }

    public boolean reconnecting() {
        return presence == Presence.RECONNECTING;
    }

    Member withInfo(ParticipantInfo newInfo) {
        return new Member(roomId, newInfo, node, presence, presenceSince, audience, chatMuted);
    }

    Member withChatMuted(boolean muted) {
        return new Member(roomId, info, node, presence, presenceSince, audience, muted);
    }

    Member lostAt(Instant when) {
        return new Member(roomId, info, node, Presence.RECONNECTING, when, audience, chatMuted);
    }

    Member connectedOn(String newNode, Instant when) {
        return new Member(roomId, info, newNode, Presence.CONNECTED, when, audience, chatMuted);
    }
}
