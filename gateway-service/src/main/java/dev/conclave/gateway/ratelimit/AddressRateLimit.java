package dev.conclave.gateway.ratelimit;

import dev.conclave.gateway.clientaddress.ClientAddresses;
import dev.conclave.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How often one client address may do something through this gateway: a token bucket per address. Over the limit the
 * answer is 429 with {@code Retry-After} and the catalogue's {@code rate-limited} problem (code 1001), counted in
 * {@code conclave_gateway_rate_limited_total{limit}}. The buckets live in this gateway's memory: behind several gateways
 * each one limits on its own.
 */
abstract class AddressRateLimit implements GatewayFilter {

    private final TokenBuckets buckets;
    private final ClientAddresses clientAddresses;
    private final ProblemResponses problems;
    private final Counter refused;
    private final String what;

    /** @param what what is limited, as the client reads it: "guest-token requests" */
    AddressRateLimit(String limit, String what, int burst, Duration refillEvery, ClientAddresses clientAddresses,
                     Clock clock, MeterRegistry metrics, ProblemResponses problems) {
        this.buckets = new TokenBuckets(burst, refillEvery, clock);
        this.clientAddresses = clientAddresses;
        this.problems = problems;
        this.what = what;
        this.refused = Counter.builder("conclave.gateway.rate-limited").tag("limit", limit)
                .description("Requests refused by a per-address rate limit").register(metrics);
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
                "too many " + what + " from your address; retry in " + retryAfterSeconds + " s",
                decision.retryAfter());
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleClients() {
        buckets.forgetFull();
    }
}
