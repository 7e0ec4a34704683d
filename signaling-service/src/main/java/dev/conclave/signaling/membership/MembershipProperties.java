package dev.conclave.signaling.membership;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param resumeGrace how long a participant whose connection dropped keeps its place, waiting to resume
 * @param graceCheck  how often places past their grace are given up
 * @param joinBurst   joins one identity may make into one room in a burst, on one node…
 * @param joinRefill  …then one more every this long
 */
@Validated
@ConfigurationProperties("conclave.signaling.membership")
public record MembershipProperties(@NotNull Duration resumeGrace, @NotNull Duration graceCheck, @Min(1) int joinBurst,
                                   @NotNull Duration joinRefill) {
}
