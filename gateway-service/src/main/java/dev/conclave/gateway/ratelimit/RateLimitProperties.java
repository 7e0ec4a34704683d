package dev.conclave.gateway.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The public guest-token endpoint's limit, per client address: a bucket of {@code burst} requests, refilled with
 * one request every {@code refillEvery}.
 */
@Validated
@ConfigurationProperties("conclave.gateway.guest-token-rate-limit")
public record RateLimitProperties(@Min(1) int burst, @NotNull Duration refillEvery) {
}
