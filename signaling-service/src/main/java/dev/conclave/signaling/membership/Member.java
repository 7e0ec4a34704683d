package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;

/**
 * One participant as the whole platform knows it, whichever node its connection is on.
 *
 * @param node           the signaling node holding its connection (or that last held it, while it reconnects)
 * @param attachment     which connection on that node it is (a stale connection must not speak for it)
 * @param presenceSince  when it connected, or when its connection was lost
 * @param audience       may not publish: not announced to the room, not listed
 * @param chatMuted      a moderator muted its chat
 */
public record Member(RoomId roomId, ParticipantInfo info, String node, String attachment, Presence presence,
                     Instant presenceSince, boolean audience, boolean chatMuted) {

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
        return new Member(roomId, newInfo, node, attachment, presence, presenceSince, audience, chatMuted);
    }

    Member withChatMuted(boolean muted) {
        return new Member(roomId, info, node, attachment, presence, presenceSince, audience, muted);
    }

    Member lostAt(Instant when) {
        return new Member(roomId, info, node, attachment, Presence.RECONNECTING, when, audience, chatMuted);
    }

    Member connectedOn(String newNode, String newAttachment, Instant when) {
        return new Member(roomId, info, newNode, newAttachment, Presence.CONNECTED, when, audience, chatMuted);
    }

    /**
     * The member marked lost, if it is still attached through that connection of that node ({@code null}
     * connection: any of that node's); else {@code null}: nothing to change.
     */
    static Member lostThrough(Member member, String node, String connection, Instant when) {
        boolean same = member.node.equals(node) && (connection == null || member.attachment.equals(connection));
        return same && !member.reconnecting() ? member.lostAt(when) : null;
    }

}
