package dev.conclave.signaling.membership;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RoomEvent.HandChanged;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Raised hands: part of each member's roster entry (so whoever joins later sees them, and the page can list raised
 * hands first, earliest first), told to the room when they change. A moderator may lower anyone's.
 */
@Service
public class RoomHands {

    private static final Logger log = LoggerFactory.getLogger(RoomHands.class);

    private final RoomRoster roster;
    private final LocalParticipants local;
    private final RoomBus bus;
    private final Clock clock;

    RoomHands(RoomRoster roster, LocalParticipants local, RoomBus bus, Clock clock) {
        this.roster = roster;
        this.local = local;
        this.bus = bus;
        this.clock = clock;
    }

    /** The member raises or lowers its own hand; raising it again keeps its place in the queue. */
    public void setHand(RoomId roomId, ParticipantId participantId, boolean raised) {
        local.requireVisible(participantId, "raise a hand");
        Instant at = raised ? clock.instant() : null;
        if (change(roomId, participantId, at)) {
            bus.publish(new HandChanged(roomId, participantId, at, null));
            log.info("Hand {} room={} participant={}", raised ? "raised" : "lowered", roomId, participantId);
        }
    }

    /** A moderator lowers someone's hand; the member's own page is told too. */
    public void lowerHand(RoomId roomId, ParticipantId moderatorId, ParticipantId participantId) {
        if (!local.require(moderatorId).may(Grant.MODERATE)) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED, "lowering someone's hand needs the moderate grant");
        }
        if (change(roomId, participantId, null)) {
            bus.publish(new HandChanged(roomId, participantId, null, moderatorId));
            log.info("Hand lowered by a moderator room={} participant={} moderator={}", roomId, participantId,
                    moderatorId);
        }
    }

    /** Sets the hand to {@code raisedAt} unless it is up or down already; whether it changed. */
    private boolean change(RoomId roomId, ParticipantId participantId, Instant raisedAt) {
        boolean[] changed = new boolean[1];
        roster.updateInfo(roomId, participantId, info -> {
            changed[0] = info.handRaised() != (raisedAt != null);
            return changed[0] ? info.withHandRaisedAt(raisedAt) : info;
        }).orElseThrow(() -> new ConclaveException(ErrorCode.PARTICIPANT_NOT_FOUND,
                "participant " + participantId + " is not in room " + roomId));
        return changed[0];
    }

}
