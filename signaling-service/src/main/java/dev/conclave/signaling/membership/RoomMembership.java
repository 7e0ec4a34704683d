package dev.conclave.signaling.membership;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RoomEvent.MuteChanged;
import dev.conclave.signaling.event.RoomEvent.ParticipantJoined;
import dev.conclave.signaling.event.RoomEvent.ParticipantLeft;
import dev.conclave.signaling.event.RoomEvent.ParticipantRemoved;
import dev.conclave.signaling.event.RoomEvent.RoomClosed;
import dev.conclave.signaling.membership.LiveRoom.Admission;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.participant.ParticipantSessions;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomAccess;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.token.JoinClaims;
import dev.conclave.signaling.token.JoinTokenVerifier;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Who is in a room: joining and leaving, what members say about their own media, and what internal services do to
 * them (mute, remove) and to the room (close).
 */
@Service
public class RoomMembership {

    private static final Logger log = LoggerFactory.getLogger(RoomMembership.class);

    private final JoinTokenVerifier tokens;
    private final RoomCatalog catalog;
    private final LiveRooms rooms;
    private final ParticipantSessions sessions;
    private final RoomBus bus;
    private final ParticipantConnections connections;
    private final Clock clock;

    RoomMembership(JoinTokenVerifier tokens, RoomCatalog catalog, LiveRooms rooms, ParticipantSessions sessions,
                   RoomBus bus, ParticipantConnections connections, Clock clock) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.rooms = rooms;
        this.sessions = sessions;
        this.bus = bus;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Admits the holder of {@code token} into {@code roomId} as {@code participantId} (chosen by the caller, which
     * must already be able to deliver to it: room events may reach it before this method returns).
     */
    public JoinResult join(RoomId roomId, String token, ParticipantId participantId, ClientInfo client) {
        JoinClaims claims = tokens.verify(token);
        if (!claims.roomId().equals(roomId)) {
            throw new ConclaveException(ErrorCode.TOKEN_ROOM_MISMATCH,
                    "the join token is for room " + claims.roomId() + ", not " + roomId);
        }
        Room room = catalog.require(roomId);
        if (room.isClosed()) {
            throw new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + roomId + " is closed");
        }
        if (room.access() == RoomAccess.TOKEN && claims.guest()) {
            throw new ConclaveException(ErrorCode.ROOM_ACCESS_DENIED,
                    "room " + roomId + " admits invited participants only, not guests");
        }
        Participant participant = new Participant(participantId, roomId, claims.identity(), claims.name(),
                claims.grants(), claims.guest(), clock.instant(), claims.metadata());
        Admission admission = rooms.admit(room, participant);
        try {
            sessions.opened(participant, client);
        } catch (RuntimeException e) {
            rooms.remove(roomId, participantId);
            throw new ConclaveException(ErrorCode.UNAVAILABLE, "the join could not be recorded; try again", e);
        }
        admission.replaced().ifPresent(earlier -> {
            log.info("Replacing earlier connection room={} participant={} identity={}", roomId, earlier.id(),
                    earlier.identity());
            connections.disconnect(earlier.id(), LeaveReason.REPLACED);
            recordLeave(roomId, earlier.id(), LeaveReason.REPLACED);
        });
        catalog.markOccupied(roomId);
        bus.publish(new ParticipantJoined(roomId, participant.info()));
        log.info("Joined room={} participant={} identity={} guest={} members={}", roomId, participantId,
                claims.identity(), claims.guest(), admission.others().size() + 1);
        return new JoinResult(room, participant, admission.others());
    }

    /** Removes the participant and tells the room; does nothing if it already left. */
    public void leave(RoomId roomId, ParticipantId participantId, LeaveReason reason) {
        if (rooms.remove(roomId, participantId).isPresent()) {
            recordLeave(roomId, participantId, reason);
            log.info("Left room={} participant={} reason={}", roomId, participantId, reason.wireName());
        }
    }

    /** A participant tells the room it muted or unmuted its own microphone or camera. */
    public void setMuted(RoomId roomId, ParticipantId participantId, MediaKind kind, boolean muted) {
        Participant participant = rooms.member(roomId, participantId).orElseThrow(
                () -> new ConclaveException(ErrorCode.NOT_JOINED, "join a room first"));
        participant.setMuted(kind, muted);
        bus.publish(new MuteChanged(roomId, participantId, kind, muted, false));
    }

    /** An internal service mutes (or unmutes) a participant: everyone is told, the participant first of all. */
    public ParticipantInfo forceMute(RoomId roomId, ParticipantId participantId, MediaKind kind, boolean muted) {
        Participant participant = requireMember(roomId, participantId);
        participant.setMuted(kind, muted);
        bus.publish(new MuteChanged(roomId, participantId, kind, muted, true));
        log.info("Muted by the API room={} participant={} kind={} muted={}", roomId, participantId, kind, muted);
        return participant.info();
    }

    /** An internal service removes a participant: it is told why, its connection closed, and the room sees it leave. */
    public void remove(RoomId roomId, ParticipantId participantId, String reason) {
        requireMember(roomId, participantId);
        bus.publish(new ParticipantRemoved(roomId, participantId, reason));
        if (rooms.remove(roomId, participantId).isPresent()) {
            connections.disconnect(participantId, LeaveReason.REMOVED);
            recordLeave(roomId, participantId, LeaveReason.REMOVED);
            log.info("Removed by the API room={} participant={}", roomId, participantId);
        }
    }

    /**
     * Closes the room: stored as closed (with its webhook), every member told {@code roomClosed}, disconnected, and
     * its session closed. History stays.
     */
    public Room close(RoomId roomId, String reason) {
        Room closed = catalog.close(roomId, reason);
        bus.publish(new RoomClosed(roomId, reason));
        for (ParticipantId member : rooms.memberIds(roomId)) {
            if (rooms.remove(roomId, member).isPresent()) {
                connections.disconnect(member, LeaveReason.ROOM_CLOSED);
                closeSession(roomId, member, LeaveReason.ROOM_CLOSED);
            }
        }
        return closed;
    }

    /** Everyone in the room on this node right now. */
    public List<ParticipantInfo> participants(RoomId roomId) {
        catalog.require(roomId);
        return rooms.members(roomId).stream().map(Participant::info)
                .sorted(Comparator.comparing(ParticipantInfo::joinedAt)).toList();
    }

    private Participant requireMember(RoomId roomId, ParticipantId participantId) {
        return rooms.member(roomId, participantId).orElseThrow(() -> new ConclaveException(
                ErrorCode.PARTICIPANT_NOT_FOUND, "participant " + participantId + " is not in room " + roomId));
    }

    private void recordLeave(RoomId roomId, ParticipantId participantId, LeaveReason reason) {
        closeSession(roomId, participantId, reason);
        bus.publish(new ParticipantLeft(roomId, participantId, reason));
        if (rooms.memberIds(roomId).isEmpty()) {
            try {
                catalog.markEmpty(roomId);
            } catch (RuntimeException e) {
                log.warn("Could not record that room={} is empty", roomId, e);
            }
        }
    }

    private void closeSession(RoomId roomId, ParticipantId participantId, LeaveReason reason) {
        try {
            sessions.closed(participantId, reason);
        } catch (RuntimeException e) {
            log.error("Could not record the end of session room={} participant={}", roomId, participantId, e);
        }
    }
}
