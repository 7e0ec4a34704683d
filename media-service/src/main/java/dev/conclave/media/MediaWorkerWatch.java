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
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Probes the workers (after looking the discovered ones up again): once at start-up, then takes back the rooms saved
 * before a restart — all before the gRPC and HTTP servers listen, so no call finds the rooms missing — then every
 * {@code probe-interval}, after which rooms whose worker had not answered yet are checked again. Each worker gets
 * its gauges ({@code conclave.media.worker.*{worker=...}}) when first seen.
 */
@Component
class MediaWorkerWatch implements SmartLifecycle {

    /** Before the web server's and the gRPC server's phases. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

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

    @Override
    public void start() {
        probe();
        relocations.reattach();
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Scheduled(fixedDelayString = "${conclave.media.probe-interval}", initialDelayString = "${conclave.media.probe-interval}")
    void probeAgain() {
        if (started) {
            probe();
            relocations.reattachWaiting();
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
