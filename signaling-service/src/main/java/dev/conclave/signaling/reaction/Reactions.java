package dev.conclave.signaling.reaction;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.event.RoomEvent.Reaction;
import dev.conclave.signaling.limit.RateLimiter;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Brief emoji reactions, shown on the sender's tile and not kept. From a short fixed list (no free text to filter),
 * by visible members only, and rate-limited per member: a burst of {@value #BURST}, then one a second.
 */
@Service
public class Reactions {

    /** The reactions a member may send. */
    public static final List<String> EMOJI = List.of("👍", "👏", "😂", "😮", "❤️", "🎉");
    static final int BURST = 5;

    private final LocalParticipants local;
    private final RoomBus bus;
    private final RateLimiter<ParticipantId> limits;

    Reactions(LocalParticipants local, RoomBus bus, Clock clock) {
        this.local = local;
        this.bus = bus;
        this.limits = new RateLimiter<>(BURST, Duration.ofSeconds(1), clock);
    }

    /** @param emoji one of {@link #EMOJI} (checked at the edge) */
    public void react(RoomId roomId, ParticipantId participantId, String emoji) {
        local.requireVisible(participantId, "react");
        limits.takeOrRefuse(participantId, "you are reacting too fast");
        bus.publish(new Reaction(roomId, participantId, emoji));
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleLimits() {
        limits.forgetFull();
    }
}
