package dev.conclave.gateway.ratelimit;

import dev.conclave.gateway.clientaddress.ClientAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits how often one client address may ask for guest join tokens. Over the limit the answer is 429 with
 * {@code Retry-After} and a problem document. The buckets live in this gateway's memory: behind several gateways
 * each one limits on its own.
 */
@Component
public class GuestTokenRateLimit implements GatewayFilter {

    private final TokenBuckets buckets;
    private final ClientAddresses clientAddresses;
    private final JsonMapper json;
    private final Counter refused;

    GuestTokenRateLimit(RateLimitProperties properties, ClientAddresses clientAddresses, Clock clock,
                        MeterRegistry metrics, JsonMapper json) {
        this.buckets = new TokenBuckets(properties.burst(), properties.refillEvery(), clock);
        this.clientAddresses = clientAddresses;
        this.json = json;
        this.refused = Counter.builder("conclave.gateway.rate-limited")
                .description("Requests refused by the guest-token rate limit").register(metrics);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        TokenBuckets.Decision decision = buckets.take(clientAddresses.of(exchange));
        if (decision.allowed()) {
            return chain.filter(exchange);
        }
        refused.increment();
        long retryAfterSeconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "too many guest-token requests from your address; retry in " + retryAfterSeconds + " s");
        problem.setType(URI.create("urn:conclave:problem:rate-limited"));
        problem.setProperty("retryAfterSeconds", retryAfterSeconds);
        DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(buffer));
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleClients() {
        buckets.forgetFull();
    }
}
