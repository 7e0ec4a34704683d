package dev.conclave.media.kurento;

import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.media.ice.EndpointIce;
import dev.conclave.media.ice.MediaIceProperties;
import dev.conclave.media.placement.LeastLoadedWorkerSelector;
import dev.conclave.media.support.InMemoryAllocationStore;
import dev.conclave.media.worker.MediaWorkerProperties;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerCallGuards;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerLostEvent;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The media tier wired as {@code MediaTierConfiguration} wires it — registry, guards, least-loaded placement,
 * allocations, relocations on a lost worker — on real media servers through {@link KurentoMediaWorkerConnector},
 * with allocations in memory. Probes run when the test calls {@link #probe()}, as the schedule would.
 */
final class KurentoMediaTier implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    final InMemoryAllocationStore store = new InMemoryAllocationStore();
    final List<MediaEvent> events = new CopyOnWriteArrayList<>();
    /** The workers' ICE candidates and endpoint states, as a browser's side would get them. */
    final EventLog endpoints = new EventLog();
    final MediaWorkers workers;
    final MediaAllocations allocations;
    final RoomRelocations relocations;
    private final ExecutorService calls = Executors.newCachedThreadPool();

    KurentoMediaTier(List<URI> urls) {
        MediaWorkerProperties properties = new MediaWorkerProperties(urls.stream()
                .map(url -> new MediaWorkerProperties.Worker(workerId(url).value(), url.toString())).toList(), "",
                Duration.ofSeconds(2), PROBE_TIMEOUT, 2, CALL_TIMEOUT, 8);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MediaEventHub hub = new MediaEventHub(meters);
        hub.subscribe(events::add);
        hub.subscribe(event -> {
            if (event instanceof MediaEvent.IceCandidateFound found) {
                endpoints.iceCandidateFound(found.endpoint(), found.candidate());
            } else if (event instanceof MediaEvent.EndpointStateChanged changed) {
                endpoints.endpointStateChanged(changed.endpoint(), changed.state());
            }
        });
        Clock clock = Clock.systemUTC();
        RoomRelocations[] relocated = new RoomRelocations[1];
        workers = new MediaWorkers(new KurentoMediaWorkerConnector(PROBE_TIMEOUT.plusSeconds(1), CALL_TIMEOUT), hub,
                new WorkerCallGuards(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
                        RetryRegistry.ofDefaults(), properties, calls), properties, event -> {
            if (event instanceof WorkerLostEvent lost) {
                relocated[0].workerLost(lost);
            }
        }, calls, clock);
        allocations = new MediaAllocations(workers, new LeastLoadedWorkerSelector(), store,
                new EndpointIce(new MediaIceProperties("", 3478, "", "udp", null, null), clock));
        relocations = new RoomRelocations(allocations, workers, store, hub, meters);
        relocated[0] = relocations;
        probe();
    }

    /** The worker id of a media server: {@code kms-<port>}. */
    static WorkerId workerId(URI url) {
        return new WorkerId("kms-" + url.getPort());
    }

    void probe() {
        workers.probeAll();
    }

    <T extends MediaEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        workers.closeAll();
        calls.shutdownNow();
    }
}
