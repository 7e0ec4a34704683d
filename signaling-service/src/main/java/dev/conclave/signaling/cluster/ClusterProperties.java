package dev.conclave.signaling.cluster;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How signaling nodes work together.
 *
 * @param mode              {@code local} (one node) or {@code redis} (any number sharing Redis)
 * @param redisUri          Redis, in redis mode
 * @param heartbeat         how often a node says it is alive
 * @param nodeTimeout       a node silent this long is dead: its participants are marked reconnecting
 * @param deadNodeCheck     how often the other nodes are checked
 * @param commandTimeout    the longest a Redis command may take before the request needing it fails with
 *                          {@code UNAVAILABLE} (Redis stalled, black-holed, overloaded); a disconnected Redis fails
 *                          commands at once
 * @param reconnectMaxDelay the longest wait between two attempts to reconnect to Redis (Lettuce's default grows to
 *                          30 s: a node would then stay cut off up to 30 s after Redis is back)
 */
@Validated
@ConfigurationProperties("conclave.signaling.cluster")
public record ClusterProperties(@NotNull Mode mode, URI redisUri, @NotNull Duration heartbeat,
                                @NotNull Duration nodeTimeout, @NotNull Duration deadNodeCheck,
                                @NotNull Duration commandTimeout, @NotNull Duration reconnectMaxDelay) {

    public enum Mode { LOCAL, REDIS }
}
