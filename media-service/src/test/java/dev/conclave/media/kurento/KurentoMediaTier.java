package dev.conclave.media.kurento;

import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.support.InMemoryAllocationStore;
import dev.conclave.media.support.MediaTier;
import dev.conclave.media.worker.MediaWorkerProperties;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The media tier wired as {@code MediaTierConfiguration} wires it — registry, guards, least-loaded placement,
 * allocations, relocations on a lost worker — on real media servers through {@link KurentoMediaWorkerConnector},
 * with allocations in memory. Probes run when the test calls {@link #probe()}, as the schedule would.
 */
final class KurentoMediaTier implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    final InMemoryAllocationStore store = new InMemoryAllocationStore();
    final List<MediaEvent> events;
    /** The workers' ICE candidates and endpoint states, as a browser's side would get them. */
    final EventLog endpoints = new EventLog();
    final MediaWorkers workers;
    final MediaAllocations allocations;
    final RoomRelocations relocations;
    private final MediaTier tier;

    KurentoMediaTier(List<URI> urls) {
        MediaWorkerProperties properties = new MediaWorkerProperties(urls.stream()
                .map(url -> new MediaWorkerProperties.Worker(workerId(url).value(), url.toString())).toList(), "",
                Duration.ofSeconds(2), PROBE_TIMEOUT, 2, CALL_TIMEOUT, 8);
        tier = new MediaTier(new KurentoMediaWorkerConnector(PROBE_TIMEOUT.plusSeconds(1), CALL_TIMEOUT),
                properties, Clock.systemUTC(), store, endpoints);
        events = tier.events;
        workers = tier.workers;
        allocations = tier.allocations;
        relocations = tier.relocations;
    }

    /** The worker id of a media server: {@code kms-<port>}. */
    static WorkerId workerId(URI url) {
        return new WorkerId("kms-" + url.getPort());
    }

    void probe() {
        workers.probeAll();
    }

    <T extends MediaEvent> List<T> events(Class<T> type) {
        return tier.events(type);
    }

    @Override
    public void close() {
        tier.close();
    }
}
