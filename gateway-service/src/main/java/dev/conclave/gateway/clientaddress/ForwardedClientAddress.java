package dev.conclave.gateway.clientaddress;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the services who the client is: every proxied request (WebSocket handshakes included) carries exactly one
 * {@code X-Forwarded-For}, the client address as the gateway resolved it, whatever the client sent.
 */
@Component
class ForwardedClientAddress implements GlobalFilter, Ordered {

    private final ClientAddresses clientAddresses;

    ForwardedClientAddress(ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String client = clientAddresses.of(exchange);
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(headers -> headers.set("X-Forwarded-For", client)))
                .build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
