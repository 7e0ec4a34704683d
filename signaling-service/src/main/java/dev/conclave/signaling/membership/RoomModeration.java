package dev.conclave.signaling.membership;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RoomEvent.ChatMuted;
import dev.conclave.signaling.event.RoomEvent.Disconnect;
import dev.conclave.signaling.event.RoomEvent.MuteChanged;
import dev.conclave.signaling.event.RoomEvent.ParticipantRemoved;
import dev.conclave.signaling.event.RoomEvent.RoomClosed;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What moderators and internal services do to people in a room — mute them, mute their chat, remove them — and to
 * the room itself: close it. Members may be connected to any node; the room bus carries the consequences there.
 */
@Service
public class RoomModeration {

    private static final Logger log = LoggerFactory.getLogger(RoomModeration.class);

    private final RoomCatalog catalog;
    private final RoomRoster roster;
    private final RoomMembership membership;
    private final RoomBus bus;

    RoomModeration(RoomCatalog catalog, RoomRoster roster, RoomMembership membership, RoomBus bus) {
        this.catalog = catalog;
        this.roster = roster;
        this.membership = membership;
        this.bus = bus;
    }

    /** Mutes (or unmutes) a participant's microphone or camera: everyone is told, the participant first of all. */
    public Member forceMute(RoomId roomId, ParticipantId participantId, MediaKind kind, boolean muted) {
        return forceMute(roomId, participantId, kind, muted, null);
    }

    /** As the method above, by {@code moderatorId} ({@code null}: through the API), whom the log names. */
    public Member forceMute(RoomId roomId, ParticipantId participantId, MediaKind kind, boolean muted,
                            ParticipantId moderatorId) {
        Member member = roster.updateInfo(roomId, participantId, info -> info.withMuted(kind, muted))
                .orElseThrow(() -> notInRoom(roomId, participantId));
        bus.publish(new MuteChanged(roomId, participantId, kind, muted, true));
        log.info("Muted by a moderator room={} participant={} kind={} muted={} moderator={}", roomId, participantId,
                kind, muted, moderatorId == null ? "api" : moderatorId);
        return member;
    }

    /** Stops (or lets again) a participant chat. */
    public Member muteChat(RoomId roomId, ParticipantId participantId, boolean muted) {
        Member member = roster.setChatMuted(roomId, participantId, muted)
                .orElseThrow(() -> notInRoom(roomId, participantId));
        bus.publish(new ChatMuted(roomId, participantId, muted));
        log.info("Chat {} room={} participant={}", muted ? "muted" : "unmuted", roomId, participantId);
        return member;
    }

    /** Removes a participant: it is told why, its connection closed, and the room sees it leave. */
    public void remove(RoomId roomId, ParticipantId participantId, String reason) {
        remove(roomId, participantId, reason, null);
    }

    /** As the method above, by {@code moderatorId} ({@code null}: through the API), whom the log names. */
    public void remove(RoomId roomId, ParticipantId participantId, String reason, ParticipantId moderatorId) {
        roster.member(roomId, participantId).orElseThrow(() -> notInRoom(roomId, participantId));
        bus.publish(new ParticipantRemoved(roomId, participantId, reason));
        roster.remove(roomId, participantId).ifPresent(member -> {
            bus.publish(new Disconnect(roomId, participantId, LeaveReason.REMOVED));
            membership.departed(member, LeaveReason.REMOVED);
            log.info("Removed room={} participant={} reason={} moderator={}", roomId, participantId, reason,
                    moderatorId == null ? "api" : moderatorId);
        });
    }

    /**
     * Closes the room: stored as closed (with its webhook), every member told {@code roomClosed} and disconnected,
     * every session closed. History stays.
     */
    public Room close(RoomId roomId, String reason) {
        Room closed = catalog.close(roomId, reason);
        bus.publish(new RoomClosed(roomId, reason));
        for (Member member : roster.allMembers(roomId)) {
            roster.remove(roomId, member.id()).ifPresent(removed -> membership.departed(removed, LeaveReason.ROOM_CLOSED));
        }
        return closed;
    }

    private static ConclaveException notInRoom(RoomId roomId, ParticipantId participantId) {
        return new ConclaveException(ErrorCode.PARTICIPANT_NOT_FOUND,
                "participant " + participantId + " is not in room " + roomId);
    }
}
