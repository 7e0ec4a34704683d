package dev.conclave.signaling.webhook;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How webhooks are delivered.
 *
 * @param pollInterval     how often due deliveries are looked for
 * @param initialBackoff   the wait after a first failed attempt; it doubles with each failure
 * @param maxBackoff       the longest wait between two attempts
 * @param giveUpAfter      how long after the event attempts stop (the delivery is then marked FAILED)
 * @param requestTimeout   how long one attempt may take, connection included
 * @param concurrency      attempts in flight at once (each for a different endpoint and room)
 * @param forbiddenTargets {@code host:port} of the platform's own services, which no webhook may point at (this
 *                         service's own port is always forbidden)
 */
@Validated
@ConfigurationProperties("conclave.signaling.webhooks")
public record WebhookProperties(@NotNull Duration pollInterval, @NotNull Duration initialBackoff,
                                @NotNull Duration maxBackoff, @NotNull Duration giveUpAfter,
                                @NotNull Duration requestTimeout, @Min(1) int concurrency,
                                List<String> forbiddenTargets) {

    public WebhookProperties {
        forbiddenTargets = forbiddenTargets == null ? List.of() : List.copyOf(forbiddenTargets);
    }

    /** The wait before attempt {@code failures + 1}. */
    Duration backoffAfter(int failures) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
