package dev.conclave.signaling.webhook;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import dev.conclave.signaling.network.Network;
import java.util.ArrayList;
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
 * @param forbiddenTargets {@code host:port} of the platform's own services, which no webhook may point at in any
 *                         spelling, allowed networks or not (this service's own port is always forbidden)
 * @param allowPrivateNetworks whether receivers may be on private networks (10/8, 172.16/12, 192.168/16,
 *                         100.64/10, fc00::/7), for on-premises deployments; off by default
 * @param allowedNetworks  CIDR blocks receivers may be in although the rules refuse them (loopback, link-local…);
 *                         for tests and unusual networks, never needed in production
 */
@Validated
@ConfigurationProperties("conclave.signaling.webhooks")
public record WebhookProperties(@NotNull Duration pollInterval, @NotNull Duration initialBackoff,
                                @NotNull Duration maxBackoff, @NotNull Duration giveUpAfter,
                                @NotNull Duration requestTimeout, @Min(1) int concurrency,
                                List<String> forbiddenTargets, boolean allowPrivateNetworks,
                                List<String> allowedNetworks) {

    public WebhookProperties {
        forbiddenTargets = forbiddenTargets == null ? List.of() : List.copyOf(forbiddenTargets);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        List<String> problems = new ArrayList<>();
        for (String target : forbiddenTargets) {
            try {
                WebhookTargets.Target.parse(target);
            } catch (IllegalArgumentException e) {
                problems.add("forbidden-targets: " + e.getMessage());
            }
        }
        for (String network : allowedNetworks) {
            try {
                Network.parse(network);
            } catch (IllegalArgumentException e) {
                problems.add("allowed-networks: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
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
