package dev.conclave.media;

import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.worker.DnsWorkerDiscovery;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Probes the workers (after looking the discovered ones up again): once at start-up, then reattaches to the rooms saved before a restart, then every
 * {@code probe-interval}. Each worker gets its gauges ({@code conclave.media.worker.*{worker=...}}) when first seen.
 */
@Component
class MediaWorkerWatch {

    private final MediaWorkers workers;
    private final Optional<DnsWorkerDiscovery> discovery;
    private final RoomRelocations relocations;
    private final MeterRegistry meters;
    private final Set<MediaWorker> measured = ConcurrentHashMap.newKeySet();
    private volatile boolean started;

    MediaWorkerWatch(MediaWorkers workers, ObjectProvider<DnsWorkerDiscovery> discovery, RoomRelocations relocations,
                     MeterRegistry meters) {
        this.workers = workers;
        this.discovery = Optional.ofNullable(discovery.getIfAvailable());
        this.relocations = relocations;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        probe();
        relocations.reattach();
        started = true;
    }

    @Scheduled(fixedDelayString = "${conclave.media.probe-interval}", initialDelayString = "${conclave.media.probe-interval}")
    void probeAgain() {
        if (started) {
            probe();
        }
    }

    private void probe() {
        discovery.ifPresent(DnsWorkerDiscovery::refresh);
        workers.probeAll();
        workers.all().stream().filter(measured::add).forEach(this::gauges);
    }

    private void gauges(MediaWorker worker) {
        String id = worker.id().value();
        Gauge.builder("conclave.media.worker.up", worker, w -> w.state() == WorkerState.UP ? 1 : 0)
                .tag("worker", id).register(meters);
        Gauge.builder("conclave.media.worker.draining", worker, w -> w.draining() ? 1 : 0)
                .tag("worker", id).register(meters);
        Gauge.builder("conclave.media.worker.rooms", worker, MediaWorker::rooms).tag("worker", id).register(meters);
        Gauge.builder("conclave.media.worker.endpoints", worker, MediaWorker::endpoints)
                .tag("worker", id).register(meters);
        Gauge.builder("conclave.media.worker.cpu", worker,
                w -> w.lastStatus() == null ? Double.NaN : w.lastStatus().cpuPercent())
                .tag("worker", id).register(meters);
    }
}
