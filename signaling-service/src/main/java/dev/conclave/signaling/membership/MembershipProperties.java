package dev.conclave.signaling.membership;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param resumeGrace how long a participant whose connection dropped keeps its place, waiting to resume
 * @param graceCheck  how often places past their grace are given up
 */
@Validated
@ConfigurationProperties("conclave.signaling.membership")
public record MembershipProperties(@NotNull Duration resumeGrace, @NotNull Duration graceCheck) {
}
