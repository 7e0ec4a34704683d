package dev.conclave.media.worker;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.concurrent.ExecutorService;

/**
 * Makes the Resilience4j guards of each worker: a circuit breaker and a bulkhead named after the worker (their
 * settings under {@code resilience4j.*.configs.kms}), a retry for idempotent calls, and the time limit of every call.
 * The breakers' states are in the metrics as {@code resilience4j_circuitbreaker_state{name="<worker>"}}.
 */
public class WorkerCallGuards {

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RetryRegistry retries;
    private final MediaWorkerProperties properties;
    private final ExecutorService calls;

    public WorkerCallGuards(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RetryRegistry retries,
                            MediaWorkerProperties properties, ExecutorService calls) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.retries = retries;
        this.properties = properties;
        this.calls = calls;
    }

    public GuardedMediaWorkerClient guard(MediaWorkerClient client) {
        String name = client.worker().value();
        CircuitBreaker breaker = breakers.circuitBreaker(name, configOr(breakers.getConfiguration("kms"),
                breakers.getDefaultConfig()));
        Bulkhead bulkhead = bulkheads.bulkhead(name, BulkheadConfig.from(configOr(bulkheads.getConfiguration("kms"),
                bulkheads.getDefaultConfig())).maxConcurrentCalls(properties.maxConcurrentCalls()).build());
        Retry retry = retries.retry(name, configOr(retries.getConfiguration("kms"), retries.getDefaultConfig()));
        return new GuardedMediaWorkerClient(client, breaker, bulkhead, retry, properties.callTimeout(), calls);
    }

    private static <T> T configOr(java.util.Optional<T> named, T fallback) {
        return named.orElse(fallback);
    }
}
