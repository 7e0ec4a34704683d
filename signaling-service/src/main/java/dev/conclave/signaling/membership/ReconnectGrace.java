package dev.conclave.signaling.membership;

import dev.conclave.signaling.error.Outages;
import dev.conclave.signaling.participant.LeaveReason;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives up the places of participants who lost their connection and did not resume within the grace period. Every
 * node runs it; the roster's conditional removal lets exactly one of them act on each place.
 */
@Component
class ReconnectGrace {

    private static final Logger log = LoggerFactory.getLogger(ReconnectGrace.class);

    private final RoomRoster roster;
    private final RoomMembership membership;
    private final MembershipProperties properties;
    private final Clock clock;

    ReconnectGrace(RoomRoster roster, RoomMembership membership, MembershipProperties properties, Clock clock) {
        this.roster = roster;
        this.membership = membership;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${conclave.signaling.membership.grace-check}")
    void giveUpExpiredPlaces() {
        try {
            giveUpExpiredPlacesNow();
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                throw e;
            }
            // the roster is away (Redis): nobody's grace can be judged now; the next check after it is back will
            log.debug("Grace check skipped: {}", e.getMessage());
        }
    }

    private void giveUpExpiredPlacesNow() {
        for (Member lost : roster.lostBefore(clock.instant().minus(properties.resumeGrace()))) {
            roster.removeIfStillLost(lost.roomId(), lost.id(), lost.presenceSince()).ifPresent(member -> {
                log.info("Gave up the place of room={} participant={} (lost since {})", member.roomId(), member.id(),
                        member.presenceSince());
                membership.departed(member, LeaveReason.TIMEOUT);
            });
        }
    }
}
