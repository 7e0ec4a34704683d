package dev.conclave.gateway.routing;

import dev.conclave.gateway.web.ProblemResponses;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the gateway does when a service cannot be reached (a node just killed, before its health check fails; a
 * service restarting): the request is sent again — to another node, where there are several, the refusing one left
 * out — since a refused connection means the service never saw it, whatever the method; if every try is refused,
 * the caller gets 503 and a problem document rather than a bare 500.
 */
@Component
class UnreachableUpstream {

    private static final Logger log = LoggerFactory.getLogger(UnreachableUpstream.class);
    /** Tries after the first one. */
    static final int RETRIES = 2;

    private final RetryGatewayFilterFactory retry = new RetryGatewayFilterFactory();
    private final ProblemResponses problems;
    private final RefusedNodes refusedNodes;

    UnreachableUpstream(ProblemResponses problems, RefusedNodes refusedNodes) {
        this.problems = problems;
        this.refusedNodes = refusedNodes;
    }

    /** Sends a request refused at connection again, then answers 503. */
    GatewayFilter retryThen503() {
        GatewayFilter retries = retry.apply(new RetryGatewayFilterFactory.RetryConfig()
                .setRetries(RETRIES)
                .setMethods(HttpMethod.values())
                .setSeries()
                .setStatuses()
                .setExceptions(ConnectException.class, NoRouteToHostException.class, UnknownHostException.class));
        return (exchange, chain) -> retries.filter(exchange, tried -> chain.filter(tried)
                        .doOnError(UnreachableUpstream::neverSent, refused -> leaveOut(tried)))
                .onErrorResume(UnreachableUpstream::neverSent, refused -> unavailable(exchange, refused));
    }

    /**
     * The request cannot have reached the service: the connection was refused, the address had no route (a
     * container gone, or its old address), or the name did not resolve (a service being recreated).
     */
    static boolean neverSent(Throwable error) {
        return error instanceof ConnectException || error instanceof NoRouteToHostException
                || error instanceof UnknownHostException;
    }

    /** The balanced node that refused, if the request went to one: the next try goes elsewhere. */
    private void leaveOut(ServerWebExchange tried) {
        Response<ServiceInstance> chosen = tried.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen != null && chosen.hasServer()) {
            refusedNodes.refused(chosen.getServer());
        }
    }

    private Mono<Void> unavailable(ServerWebExchange exchange, Throwable refused) {
        log.warn("No upstream reachable for {} {}: {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), refused.getMessage());
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(refused);
        }
        return problems.retryLater(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, ProblemResponses.UNAVAILABLE,
                "the service behind this path cannot be reached right now; try again shortly", Duration.ofSeconds(1));
    }
}
