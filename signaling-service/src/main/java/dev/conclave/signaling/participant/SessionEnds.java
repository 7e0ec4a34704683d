package dev.conclave.signaling.participant;

import dev.conclave.signaling.error.Outages;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records the end of a stay — its session row closed, its {@code participant.left} webhook event — even when the
 * database is away as the participant leaves: the end is kept here, with the time it happened, and written once the
 * database answers again, in leaving order. Kept in memory: if this node dies first, the sessions it left open are
 * closed when it starts again (or by the other nodes' grace period, with a shared roster).
 */
@Component
public class SessionEnds {

    private static final Logger log = LoggerFactory.getLogger(SessionEnds.class);

    private record Pending(ParticipantId participant, LeaveReason reason, Instant at) {
    }

    private final ParticipantSessions sessions;
    private final Clock clock;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

    SessionEnds(ParticipantSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Closes the session now, or as soon as the database is back. */
    public void ended(ParticipantId participant, LeaveReason reason) {
        Pending end = new Pending(participant, reason, clock.instant());
        if (!pending.isEmpty()) {
            pending.add(end); // behind the earlier ones, in order
            return;
        }
        try {
            sessions.closed(participant, reason, end.at());
        } catch (RuntimeException e) {
            if (!Outages.isOutage(e)) {
                throw e;
            }
            log.warn("The database is away: the end of session participant={} is recorded when it is back", participant);
            pending.add(end);
        }
    }

    /** How many ends wait for the database. */
    public int waiting() {
        return pending.size();
    }

    @Scheduled(fixedDelayString = "PT1S")
    void retry() {
        Pending next;
        while ((next = pending.peek()) != null) {
            try {
                sessions.closed(next.participant(), next.reason(), next.at());
            } catch (RuntimeException e) {
                if (Outages.isOutage(e)) {
                    return; // still away
                }
                log.error("Could not record the end of session participant={}", next.participant(), e);
            }
            pending.poll();
        }
    }
}
