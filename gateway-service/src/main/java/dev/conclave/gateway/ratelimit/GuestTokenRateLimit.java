package dev.conclave.gateway.ratelimit;

import dev.conclave.gateway.clientaddress.ClientAddresses;
import dev.conclave.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Limits how often one client address may ask for guest join tokens. Over the limit the answer is 429 with
 * {@code Retry-After} and a problem document. The buckets live in this gateway's memory: behind several gateways
 * each one limits on its own.
 */
@Component
public class GuestTokenRateLimit implements GatewayFilter {

    private final TokenBuckets buckets;
    private final ClientAddresses clientAddresses;
    private final ProblemResponses problems;
    private final Counter refused;

    GuestTokenRateLimit(RateLimitProperties properties, ClientAddresses clientAddresses, Clock clock,
                        MeterRegistry metrics, ProblemResponses problems) {
        this.buckets = new TokenBuckets(properties.burst(), properties.refillEvery(), clock);
        this.clientAddresses = clientAddresses;
        this.problems = problems;
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
        return problems.retryLater(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, ProblemResponses.RATE_LIMITED,
                "too many guest-token requests from your address; retry in " + retryAfterSeconds + " s",
                decision.retryAfter());
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleClients() {
        buckets.forgetFull();
    }
}
