package dev.conclave.gateway.routing;

import dev.conclave.gateway.ratelimit.ConnectionRateLimit;
import dev.conclave.gateway.ratelimit.GuestTokenRateLimit;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * What goes where. The page is served by the gateway itself ({@code static/}); everything else is proxied — to the
 * signaling nodes through the gateway's own load balancer when several are configured. HTTP requests refused at
 * connection are tried again, then answered 503 ({@link UnreachableUpstream}):
 *
 * <pre>
 * /rpc                              WebSocket  → signaling-service (new connections rate-limited per client address)
 * POST /api/v1/rooms/{id}/guest-tokens         → signaling-service (rate-limited per client address)
 * /api/v1/rooms/**, /api/v1/webhooks/**        → signaling-service (the room-management API)
 * /api/docs, /api/openapi.json, /api/swagger-ui → signaling-service (its OpenAPI description and browser)
 * /api/v1/join-tokens                          → auth-service
 * /oauth2/**, /.well-known/oauth-authorization-server → auth-service
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = SignalingNodes.SERVICE, configuration = SignalingNodes.class)
class GatewayRoutes {

    @Bean
    RouteLocator routes(RouteLocatorBuilder builder, UpstreamProperties upstreams, GuestTokenRateLimit guestTokenLimit,
                        ConnectionRateLimit connectionLimit, UnreachableUpstream unreachable) {
        String signaling = upstreams.balancesSignaling() ? "lb://" + SignalingNodes.SERVICE
                : upstreams.signaling().get(0).toString();
        String auth = upstreams.auth().toString();
        return builder.routes()
                .route("signaling-rpc", route -> route.path("/rpc")
                        .filters(filters -> filters.filter(connectionLimit)).uri(signaling))
                .route("guest-tokens", route -> route.path("/api/v1/rooms/*/guest-tokens").and().method(HttpMethod.POST)
                        .filters(filters -> filters.filter(guestTokenLimit).filter(unreachable.retryThen503()))
                        .uri(signaling))
                .route("rooms-api", route -> route.path("/api/v1/rooms", "/api/v1/rooms/**",
                        "/api/v1/webhooks", "/api/v1/webhooks/**")
                        .filters(filters -> filters.filter(unreachable.retryThen503())).uri(signaling))
                .route("api-docs", route -> route.path("/api/docs", "/api/docs/**", "/api/openapi.json",
                        "/api/openapi.json/**", "/api/swagger-ui/**")
                        .filters(filters -> filters.filter(unreachable.retryThen503())).uri(signaling))
                .route("join-tokens-api", route -> route.path("/api/v1/join-tokens")
                        .filters(filters -> filters.filter(unreachable.retryThen503())).uri(auth))
                .route("oauth2", route -> route.path("/oauth2/**", "/.well-known/oauth-authorization-server",
                        "/.well-known/oauth-authorization-server/**")
                        .filters(filters -> filters.filter(unreachable.retryThen503())).uri(auth))
                .build();
    }
}
