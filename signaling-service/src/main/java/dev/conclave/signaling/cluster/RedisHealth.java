package dev.conclave.signaling.cluster;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Redis as this node's readiness sees it ({@code redis} in the readiness group, never in liveness): down while the
 * node's connections to it are closed (Lettuce is reconnecting) or a PING on the command connection is not
 * answered within {@code timeout}. Cheap: no new connection, one pipelined PING, bounded wait.
 */
final class RedisHealth implements HealthIndicator {

    private final RedisConnections redis;
    private final Duration timeout;

    RedisHealth(RedisConnections redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        if (!redis.commandsOpen() || !redis.pubSubOpen()) {
            return Health.down().withDetail("connection", redis.commandsOpen() ? "pub/sub reconnecting" : "reconnecting")
                    .build();
        }
        return redis.ping(timeout)
                .map(failure -> Health.down().withDetail("ping", failure).build())
                .orElseGet(() -> Health.up().build());
    }
}
