package dev.conclave.media.worker;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.ice.EndpointIceSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A worker client behind its guards. Each call: refused at once when the breaker is open or too many calls are in
 * flight; cut off after {@code call-timeout}; a failure (not a refusal of the request's content) counts against the
 * breaker. Only idempotent calls (probe, existence checks, release) are retried.
 */
public final class GuardedMediaWorkerClient implements MediaWorkerClient {

    private final MediaWorkerClient delegate;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final Duration timeout;
    private final ExecutorService calls;

    GuardedMediaWorkerClient(MediaWorkerClient delegate, CircuitBreaker breaker, Bulkhead bulkhead, Retry retry,
                             Duration timeout, ExecutorService calls) {
        this.delegate = delegate;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.timeout = timeout;
        this.calls = calls;
    }

    @Override
    public WorkerId worker() {
        return delegate.worker();
    }

    /** The registry's probe: its own time limit, past the breaker so a recovered worker is seen. */
    WorkerStatus probe(Duration probeTimeout) {
        return timed("probe", delegate::probe, probeTimeout);
    }

    @Override
    public WorkerStatus probe() {
        return probe(timeout);
    }

    @Override
    public boolean connected() {
        return delegate.connected();
    }

    @Override
    public String createPipeline(String roomId) {
        return guarded("createPipeline", () -> delegate.createPipeline(roomId));
    }

    @Override
    public boolean pipelineExists(String pipelineId) {
        return idempotent("pipelineExists", () -> delegate.pipelineExists(pipelineId));
    }

    @Override
    public String createEndpoint(String pipelineId, EndpointKey key, EndpointIceSettings ice) {
        return guarded("createEndpoint", () -> delegate.createEndpoint(pipelineId, key, ice));
    }

    @Override
    public void watchEndpoint(String endpointId, EndpointKey key) {
        guarded("watchEndpoint", () -> {
            delegate.watchEndpoint(endpointId, key);
            return null;
        });
    }

    @Override
    public String processOffer(String endpointId, String sdpOffer) {
        return guarded("processOffer", () -> delegate.processOffer(endpointId, sdpOffer));
    }

    @Override
    public void addIceCandidate(String endpointId, IceCandidate candidate) {
        guarded("addIceCandidate", () -> {
            delegate.addIceCandidate(endpointId, candidate);
            return null;
        });
    }

    @Override
    public void connect(String sourceEndpointId, String sinkEndpointId) {
        guarded("connect", () -> {
            delegate.connect(sourceEndpointId, sinkEndpointId);
            return null;
        });
    }

    @Override
    public void release(String objectId) {
        idempotent("release", () -> {
            delegate.release(objectId);
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T idempotent(String operation, Supplier<T> call) {
        return Retry.decorateSupplier(retry, () -> guarded(operation, call)).get();
    }

    private <T> T guarded(String operation, Supplier<T> call) {
        if (!bulkhead.tryAcquirePermission()) {
            throw new MediaWorkerFailedException(worker(), operation + " refused: too many calls in flight",
                    BulkheadFullException.createBulkheadFullException(bulkhead));
        }
        try {
            return breaker.executeSupplier(() -> timed(operation, call, timeout));
        } catch (CallNotPermittedException e) {
            throw new MediaWorkerFailedException(worker(), operation + " refused: circuit breaker open", e);
        } finally {
            bulkhead.onComplete();
        }
    }

    private <T> T timed(String operation, Supplier<T> call, Duration limit) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(call, calls);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new MediaWorkerFailedException(worker(), operation + " timed out after " + limit.toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaWorkerFailedException(worker(), operation + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure
                    && (failure instanceof MediaWorkerRejectedException
                    || failure instanceof MediaWorkerFailedException)) {
                throw failure;
            }
            throw new MediaWorkerFailedException(worker(), operation + " failed: " + e.getCause(), e.getCause());
        }
    }
}
