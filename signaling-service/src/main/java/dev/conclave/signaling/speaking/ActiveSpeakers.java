package dev.conclave.signaling.speaking;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.event.RoomEvent.SpeakingChanged;
import dev.conclave.signaling.limit.RateLimiter;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Who is speaking. Each page measures its own microphone (a media server has no audio level to give, and a mesh has
 * no server in the media path) and says when it starts and stops speaking; the room is told. A state change, not a
 * stream of levels: rate-limited per member to a burst of {@value #BURST}, then one every {@value #REFILL_MILLIS} ms.
 * Not kept: a page that joins later learns who speaks at the next change.
 */
@Service
public class ActiveSpeakers {

    static final int BURST = 10;
    static final long REFILL_MILLIS = 250;

    private final LocalParticipants local;
    private final RoomBus bus;
    private final RateLimiter<ParticipantId> limits;

    ActiveSpeakers(LocalParticipants local, RoomBus bus, Clock clock) {
        this.local = local;
        this.bus = bus;
        this.limits = new RateLimiter<>(BURST, Duration.ofMillis(REFILL_MILLIS), clock);
    }

    public void setSpeaking(RoomId roomId, ParticipantId participantId, boolean speaking) {
        local.requireVisible(participantId, "speak");
        limits.takeOrRefuse(participantId, "speaking changes too often; send a change, not levels");
        bus.publish(new SpeakingChanged(roomId, participantId, speaking));
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleLimits() {
        limits.forgetFull();
    }
}
