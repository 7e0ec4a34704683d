package dev.conclave.gateway.routing;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services behind the gateway answer.
 *
 * @param signaling signaling-service's base URL(s) (http; WebSocket upgrades become ws). One: used as it is (in
 *                  Kubernetes, the Service in front of the pods). Several: the gateway balances over them itself,
 *                  leaving out nodes whose health check fails.
 * @param auth      auth-service's base URL
 */
@Validated
@ConfigurationProperties("conclave.gateway.upstreams")
public record UpstreamProperties(@NotEmpty List<URI> signaling, @NotNull URI auth) {

    public boolean balancesSignaling() {
        return signaling.size() > 1;
    }
}
