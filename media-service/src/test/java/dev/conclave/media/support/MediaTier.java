package dev.conclave.media.support;

import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.media.ice.EndpointIce;
import dev.conclave.media.ice.MediaIceProperties;
import dev.conclave.media.placement.LeastLoadedWorkerSelector;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.MediaWorkerProperties;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerCallGuards;
import dev.conclave.media.worker.WorkerLostEvent;
import dev.conclave.media.worker.WorkerReconnectedEvent;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The media tier wired as in the application, on fake workers and an in-memory store: for tests of placement,
 * draining and failover that need no media server.
 */
public final class MediaTier implements AutoCloseable {

    public static final String OFFER = "v=0\r\na=fake-offer\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";

    public final FakeMediaWorkers fakes = new FakeMediaWorkers();
    public final InMemoryAllocationStore store;
    public final List<MediaEvent> events = new CopyOnWriteArrayList<>();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1)).build());
    /** Every media event, as the signaling nodes' streams get them. */
    public final MediaEventHub hub = new MediaEventHub(meters);
    public final MediaWorkers workers;
    public final MediaAllocations allocations;
    public final RoomRelocations relocations;
    private final ExecutorService calls = Executors.newCachedThreadPool();

    public MediaTier(String... workerIds) {
        this(new InMemoryAllocationStore(), workerIds);
    }

    public MediaTier(InMemoryAllocationStore store, String... workerIds) {
        this(null, store, workerIds);
    }

    /** The tier on the given fake workers ({@code null}: its own, {@link #fakes}) and store. */
    public MediaTier(FakeMediaWorkers servers, InMemoryAllocationStore store, String... workerIds) {
        this(servers, new MediaWorkerProperties(Arrays.stream(workerIds)
                        .map(id -> new MediaWorkerProperties.Worker(id, "ws://127.0.0.1:1/" + id)).toList(), "",
                        Duration.ofSeconds(1), Duration.ofMillis(300), 2, Duration.ofMillis(300), 4),
                Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC), store);
    }

    /**
     * The tier on the workers {@code connector} reaches ({@code null}: the fake ones, {@link #fakes}), probed once.
     */
    public MediaTier(MediaWorkerConnector connector, MediaWorkerProperties properties, Clock clock,
                     InMemoryAllocationStore store) {
        this(connector, properties, clock, store, null);
    }

    /** As above, with what the workers tell of their endpoints also told to {@code alsoTold} (not null). */
    public MediaTier(MediaWorkerConnector connector, MediaWorkerProperties properties, Clock clock,
                     InMemoryAllocationStore store, MediaWorkerListener alsoTold) {
        this.store = store;
        hub.subscribe(events::add);
        RoomRelocations[] relocated = new RoomRelocations[1];
        workers = new MediaWorkers(connector == null ? fakes : connector,
                alsoTold == null ? hub : bothTold(hub, alsoTold), new WorkerCallGuards(breakers,
                BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(), properties, calls), properties, event -> {
            if (event instanceof WorkerLostEvent lost) {
                relocated[0].workerLost(lost);
            } else if (event instanceof WorkerReconnectedEvent reconnected) {
                relocated[0].workerReconnected(reconnected);
            }
        }, calls, clock);
        allocations = new MediaAllocations(workers, new LeastLoadedWorkerSelector(), store,
                new EndpointIce(new MediaIceProperties("", 3478, "", "udp", null, null), clock));
        relocations = new RoomRelocations(allocations, workers, store, hub, meters);
        relocated[0] = relocations;
        workers.probeAll();
    }

    /** Probes as the schedule would, {@code times} over, checking restored rooms after each. */
    public void probe(int times) {
        for (int i = 0; i < times; i++) {
            workers.probeAll();
            relocations.reattachWaiting();
        }
    }

    public <T extends MediaEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        workers.closeAll();
        calls.shutdownNow();
    }

    private static MediaWorkerListener bothTold(MediaWorkerListener first, MediaWorkerListener second) {
        return new MediaWorkerListener() {
            @Override
            public void iceCandidateFound(EndpointKey endpoint, IceCandidate candidate) {
                first.iceCandidateFound(endpoint, candidate);
                second.iceCandidateFound(endpoint, candidate);
            }

            @Override
            public void endpointStateChanged(EndpointKey endpoint, String state) {
                first.endpointStateChanged(endpoint, state);
                second.endpointStateChanged(endpoint, state);
            }
        };
    }
}
