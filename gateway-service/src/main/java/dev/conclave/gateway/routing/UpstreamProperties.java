package dev.conclave.gateway.routing;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services behind the gateway answer.
 *
 * @param signaling signaling-service's base URL (http; WebSocket upgrades to it become ws)
 * @param auth      auth-service's base URL
 */
@Validated
@ConfigurationProperties("conclave.gateway.upstreams")
public record UpstreamProperties(@NotNull URI signaling, @NotNull URI auth) {
}
