package dev.conclave.signaling.chat;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Chat limits and filtering.
 *
 * @param participantBurst      messages one participant may send in a burst…
 * @param participantRefill     …then one more every this long
 * @param roomBurst             messages a room may carry in a burst on one node…
 * @param roomRefill            …then one more every this long
 * @param blockedWords          words (case-insensitive, whole words) a message may not contain; empty: no filter
 */
@Validated
@ConfigurationProperties("conclave.signaling.chat")
public record ChatProperties(@Min(1) int participantBurst, @NotNull Duration participantRefill,
                             @Min(1) int roomBurst, @NotNull Duration roomRefill, List<String> blockedWords) {

    public ChatProperties {
        blockedWords = blockedWords == null ? List.of() : List.copyOf(blockedWords);
    }
}
