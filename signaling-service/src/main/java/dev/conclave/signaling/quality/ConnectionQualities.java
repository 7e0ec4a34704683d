package dev.conclave.signaling.quality;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.event.RoomEvent.ConnectionQualityChanged;
import dev.conclave.signaling.limit.RateLimiter;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.participant.ConnectionQuality;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * How good each member's connection is. Each page rates its own (round-trip time, loss, jitter, outgoing bitrate from
 * its WebRTC statistics) as a coarse level and says when it changes; the others are told, to show it on its tile. A
 * state change, not a stream of measurements: rate-limited per member to a burst of {@value #BURST}, then one every
 * {@value #REFILL_MILLIS} ms. Not kept: a page that joins later learns a member's level at its next change.
 */
@Service
public class ConnectionQualities {

    static final int BURST = 3;
    static final long REFILL_MILLIS = 2_000;

    private final LocalParticipants local;
    private final RoomBus bus;
    private final RateLimiter<ParticipantId> limits;

    ConnectionQualities(LocalParticipants local, RoomBus bus, Clock clock) {
        this.local = local;
        this.bus = bus;
        this.limits = new RateLimiter<>(BURST, Duration.ofMillis(REFILL_MILLIS), clock);
    }

    public void setQuality(RoomId roomId, ParticipantId participantId, ConnectionQuality level) {
        local.requireVisible(participantId, "share its connection quality");
        limits.takeOrRefuse(participantId, "connection quality changes too often; send a change, at most one every "
                + REFILL_MILLIS + " ms");
        bus.publish(new ConnectionQualityChanged(roomId, participantId, level));
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleLimits() {
        limits.forgetFull();
    }
}
