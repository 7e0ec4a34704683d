package dev.conclave.gateway.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The signaling WebSocket's limit, per client address: a bucket of {@code burst} new connections, refilled with one
 * every {@code refillEvery}.
 */
@Validated
@ConfigurationProperties("conclave.gateway.connection-rate-limit")
public record ConnectionRateLimitProperties(@Min(1) int burst, @NotNull Duration refillEvery) {
}
