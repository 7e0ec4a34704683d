package dev.conclave.gateway.clientaddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Proves to the services that a request's {@code X-Forwarded-For} is the gateway's: every proxied request, WebSocket
 * handshakes included, carries {@value #HEADER} with {@code conclave.gateway.forwarding-secret} (signaling-service
 * believes the forwarded address only with it), and never a copy a client sent.
 */
@Component
class ForwardingSecret implements GlobalFilter, Ordered {

    static final String HEADER = "X-Conclave-Forwarding-Secret";

    private static final Logger log = LoggerFactory.getLogger(ForwardingSecret.class);

    private final String secret;

    ForwardingSecret(Properties properties) {
        this.secret = properties.forwardingSecret();
        if (secret == null) {
            log.warn("No conclave.gateway.forwarding-secret: signaling-service will record every client as the "
                    + "gateway's address, and address blocks will not work through the gateway");
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(HEADER);
            if (secret != null) {
                headers.set(HEADER, secret);
            }
        })).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** @param forwardingSecret shared with signaling-service ({@code conclave.signaling.forwarding-secret}), >= 16 characters */
    @ConfigurationProperties("conclave.gateway")
    record Properties(String forwardingSecret) {

        Properties {
            forwardingSecret = forwardingSecret == null || forwardingSecret.isBlank() ? null : forwardingSecret;
            if (forwardingSecret != null && forwardingSecret.length() < 16) {
                throw new IllegalArgumentException("conclave.gateway.forwarding-secret must have at least 16 characters");
            }
        }
    }
}
