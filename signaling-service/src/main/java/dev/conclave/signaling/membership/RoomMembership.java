package dev.conclave.signaling.membership;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RoomEvent.Disconnect;
import dev.conclave.signaling.event.RoomEvent.MuteChanged;
import dev.conclave.signaling.event.RoomEvent.ParticipantJoined;
import dev.conclave.signaling.event.RoomEvent.ParticipantLeft;
import dev.conclave.signaling.event.RoomEvent.ParticipantMoved;
import dev.conclave.signaling.event.RoomEvent.ParticipantReconnecting;
import dev.conclave.signaling.event.RoomEvent.ParticipantResumed;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.participant.ParticipantSessions;
import dev.conclave.signaling.participant.SessionEnds;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomAccess;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.token.JoinClaims;
import dev.conclave.signaling.token.JoinTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A participant's stay in a room: joining, losing its connection and resuming (on any node), saying what its media
 * is doing, and leaving — by choice, or because its place ran out.
 */
@Service
public class RoomMembership {

    private static final Logger log = LoggerFactory.getLogger(RoomMembership.class);

    private final JoinTokenVerifier tokens;
    private final RoomCatalog catalog;
    private final RoomRoster roster;
    private final LocalParticipants local;
    private final ResumeTokens resumeTokens;
    private final ParticipantSessions sessions;
    private final SessionEnds sessionEnds;
    private final RoomBus bus;
    private final ObjectProvider<AdmissionPolicy> policies;
    private final Clock clock;
    private final String node;
    /** Checked at resume too, not only by the periodic sweep: a place past its grace is gone at once. */
    private final Duration resumeGrace;

    RoomMembership(JoinTokenVerifier tokens, RoomCatalog catalog, RoomRoster roster, LocalParticipants local,
                   ResumeTokens resumeTokens, ParticipantSessions sessions, SessionEnds sessionEnds, RoomBus bus,
                   ObjectProvider<AdmissionPolicy> policies, Clock clock, MembershipProperties membership,
                   @Value("${conclave.signaling.node-id}") String node) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.roster = roster;
        this.local = local;
        this.resumeTokens = resumeTokens;
        this.sessions = sessions;
        this.sessionEnds = sessionEnds;
        this.bus = bus;
        this.policies = policies;
        this.clock = clock;
        this.resumeGrace = membership.resumeGrace();
        this.node = node;
    }

    /**
     * Admits the holder of {@code token} into {@code roomId} as {@code participantId} (chosen by the caller, which
     * must already be able to deliver to it: room events may reach it before this method returns), attached through
     * the caller's connection {@code attachment}.
     */
    public JoinResult join(RoomId roomId, String token, ParticipantId participantId, String attachment,
                           ClientInfo client) {
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
        policies.orderedStream().forEach(policy -> policy.check(roomId, claims.identity(), client));
        Participant participant = new Participant(participantId, roomId, claims.identity(), claims.name(),
                claims.grants(), claims.guest(), clock.instant(), claims.metadata());
        ParticipantInfo info = participant.initialInfo();
        local.add(participant, attachment);
        Member admitted = new Member(roomId, info, node, attachment, Member.Presence.CONNECTED,
                participant.joinedAt(), participant.audience(), false);
        Admission admission;
        try {
            admission = roster.admit(admitted, room.maxParticipants());
        } catch (RuntimeException e) {
            local.remove(participantId);
            throw e;
        }
        try {
            sessions.opened(participant, client);
        } catch (RuntimeException e) {
            local.remove(participantId);
            roster.remove(roomId, participantId);
            throw new ConclaveException(ErrorCode.UNAVAILABLE, "the join could not be recorded; try again", e);
        }
        admission.replaced().ifPresent(earlier -> {
            log.info("Replacing earlier stay room={} participant={} identity={}", roomId, earlier.id(),
                    earlier.info().identity());
            bus.publish(new Disconnect(roomId, earlier.id(), LeaveReason.REPLACED));
            departed(earlier, LeaveReason.REPLACED);
        });
        if (admission.visibleOthers().isEmpty() && admission.audienceCount() == 0) {
            catalog.markOccupied(roomId); // the first one in (EmptyRoomCloser re-checks the roster before closing)
        }
        if (!participant.audience()) {
            bus.publish(new ParticipantJoined(roomId, info));
        }
        if (roster.member(roomId, participantId).isEmpty()) {
            // A later join of the same identity replaced this one between its admission and now: that join's node may
            // have closed this session before it was written (and told the room it left before it was announced), so
            // it is closed here, after the announcement. Closing a session twice records one end.
            log.info("Replaced while joining room={} participant={} identity={}", roomId, participantId,
                    claims.identity());
            departed(admitted, LeaveReason.REPLACED);
        }
        String resumeToken = resumeTokens.issue(ResumeGrant.of(participant));
        log.info("Joined room={} participant={} identity={} guest={} audience={} node={}", roomId, participantId,
                claims.identity(), claims.guest(), participant.audience(), node);
        return new JoinResult(room, participant, info, infos(admission.visibleOthers()), admission.audienceCount(),
                resumeToken);
    }

    /**
     * Lets a participant whose connection dropped back in as itself, on this node. The old connection, wherever it
     * still is, is closed without a leave; the room sees it resume. The resume token is used up: the result carries
     * the next one.
     */
    public JoinResult resume(RoomId roomId, String resumeToken, String attachment, ClientInfo client) {
        ResumeGrant grant = resumeTokens.find(resumeToken).filter(found -> found.roomId().equals(roomId))
                .orElseThrow(() -> {
                    log.info("Resume refused room={}: unknown resume token", roomId);
                    return resumeFailed();
                });
        Room room = catalog.require(roomId);
        if (room.isClosed()) {
            throw new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + roomId + " is closed");
        }
        policies.orderedStream().filter(AdmissionPolicy::appliesToResume)
                .forEach(policy -> policy.check(roomId, grant.identity(), client));
        Member before = roster.member(roomId, grant.participantId()).orElseThrow(() -> {
            log.info("Resume refused room={} participant={}: no longer in the room", roomId, grant.participantId());
            return resumeFailed();
        });
        if (before.reconnecting() && clock.instant().isAfter(before.presenceSince().plus(resumeGrace))) {
            log.info("Resume refused room={} participant={}: grace period over", roomId, grant.participantId());
            throw resumeFailed();
        }
        if (!resumeTokens.consume(resumeToken)) {
            log.info("Resume refused room={} participant={}: its token was used by another resume", roomId,
                    grant.participantId());
            throw resumeFailed();
        }
        String nextToken = resumeTokens.issue(grant);
        Participant participant = grant.toParticipant();
        participant.setChatMuted(before.chatMuted());
        local.add(participant, attachment);
        Member now = roster.reattach(roomId, grant.participantId(), node, attachment, clock.instant()).orElseThrow(() -> {
            local.remove(participant.id());
            log.info("Resume refused room={} participant={}: left while resuming", roomId, participant.id());
            return resumeFailed();
        });
        bus.publish(new ParticipantMoved(roomId, participant.id(), node));
        sessions.resumed(participant.id(), client);
        if (before.reconnecting() && !participant.audience()) {
            bus.publish(new ParticipantResumed(roomId, participant.id()));
        }
        log.info("Resumed room={} participant={} node={} (was {} on {})", roomId, participant.id(), node,
                before.presence(), before.node());
        List<ParticipantInfo> others = roster.visibleMembers(roomId).stream()
                .filter(member -> !member.id().equals(participant.id())).map(Member::info).toList();
        return new JoinResult(room, participant, now.info(), others,
                roster.audienceCount(roomId) - (participant.audience() ? 1 : 0), nextToken);
    }

    /** Removes the participant and tells the room; does nothing if it already left. */
    public void leave(RoomId roomId, ParticipantId participantId, LeaveReason reason) {
        local.remove(participantId);
        roster.remove(roomId, participantId).ifPresent(member -> {
            departed(member, reason);
            log.info("Left room={} participant={} reason={}", roomId, participantId, reason.wireName());
        });
    }

    /**
     * The participant's connection {@code attachment} here dropped without a goodbye: it keeps its place for the
     * grace period, and the room is told it is reconnecting — unless it has already resumed on another connection.
     */
    public void connectionLost(RoomId roomId, ParticipantId participantId, String attachment) {
        local.removeIfAttached(participantId, attachment);
        roster.markLost(roomId, participantId, node, attachment, clock.instant()).ifPresent(member -> {
            log.info("Connection lost room={} participant={}; holding its place", roomId, participantId);
            if (!member.audience()) {
                bus.publish(new ParticipantReconnecting(roomId, participantId));
            }
        });
    }

    /** A participant tells the room it muted or unmuted its own microphone or camera. */
    public void setMuted(RoomId roomId, ParticipantId participantId, MediaKind kind, boolean muted) {
        if (roster.member(roomId, participantId).filter(Member::audience).isPresent()) {
            // Broadcast, it would announce an unlisted member; and it has no media to mute.
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED,
                    "an audience member (no publish grant) has no media to mute");
        }
        roster.updateInfo(roomId, participantId, info -> info.withMuted(kind, muted))
                .orElseThrow(() -> new ConclaveException(ErrorCode.NOT_JOINED, "join a room first"));
        bus.publish(new MuteChanged(roomId, participantId, kind, muted, false));
    }

    /** Everyone visible in the room now, earliest first, wherever they are connected. */
    public List<Member> members(RoomId roomId) {
        catalog.require(roomId);
        return roster.visibleMembers(roomId);
    }

    /** How many are in the room now, audience included. */
    public int count(RoomId roomId) {
        return roster.count(roomId);
    }

    /**
     * A member is gone for good (it left, was replaced, removed, or lost its place): its session is closed, its
     * resume token forgotten, and — if it was visible — the room told.
     */
    void departed(Member member, LeaveReason reason) {
        resumeTokens.revoke(member.id());
        try {
            sessionEnds.ended(member.id(), reason); // now, or once the database is back
        } catch (RuntimeException e) {
            log.error("Could not record the end of session room={} participant={}", member.roomId(), member.id(), e);
        }
        if (!member.audience()) {
            bus.publish(new ParticipantLeft(member.roomId(), member.id(), reason));
        }
        if (roster.count(member.roomId()) == 0) {
            try {
                catalog.markEmpty(member.roomId());
            } catch (RuntimeException e) {
                log.warn("Could not record that room={} is empty", member.roomId(), e);
            }
        }
    }

    private static List<ParticipantInfo> infos(List<Member> members) {
        return members.stream().map(Member::info).toList();
    }

    private static ConclaveException resumeFailed() {
        return new ConclaveException(ErrorCode.RESUME_FAILED,
                "this place in the room is gone (the grace period is over, or the token is unknown); join again");
    }
}
