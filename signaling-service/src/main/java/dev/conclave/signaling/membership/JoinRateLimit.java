package dev.conclave.signaling.membership;

import dev.conclave.signaling.limit.RateLimiter;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How often one identity may join one room, on this node: every join of an identity already in the room replaces its
 * earlier seat, and everyone in the room is told both, so a leaked invitation joined from many connections would churn
 * the room. A person reloading the page stays well inside the burst; a resume keeps a seat and is not counted.
 */
@Component
class JoinRateLimit implements AdmissionPolicy {

    private static final Logger log = LoggerFactory.getLogger(JoinRateLimit.class);

    private final RateLimiter<Key> joins;

    JoinRateLimit(MembershipProperties properties, Clock clock) {
        this.joins = new RateLimiter<>(properties.joinBurst(), properties.joinRefill(), clock);
    }

    @Override
    public void check(RoomId room, String identity, ClientInfo client) {
        Duration wait = joins.take(new Key(room, identity));
        if (!wait.isZero()) {
            log.info("Join refused room={} identity={}: joining too often", room, identity);
            throw RateLimiter.limited("this identity joined room " + room + " too often", wait);
        }
    }

    @Override
    public boolean appliesToResume() {
        return false;
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdle() {
        joins.forgetFull();
    }

    private record Key(RoomId room, String identity) {
    }
}
