package dev.conclave.media;

import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.replica.ReplicaHeartbeat;
import dev.conclave.media.replica.SharedDrains;
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
 * Probes the workers (after looking the discovered ones up again): once at start-up, then joins the replicas and
 * takes back the rooms no live replica owns (its own saved before a restart among them) — all before the gRPC and
 * HTTP servers listen, so no call finds the rooms missing — then heartbeats among the replicas, and every
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
    private final ReplicaHeartbeat replica;
    private final SharedDrains drains;
    private final MeterRegistry meters;
    private final Set<MediaWorker> measured = ConcurrentHashMap.newKeySet();
    private volatile boolean started;

    MediaWorkerWatch(MediaWorkers workers, ObjectProvider<DnsWorkerDiscovery> discovery, RoomRelocations relocations,
                     ReplicaHeartbeat replica, SharedDrains drains, MeterRegistry meters) {
        this.workers = workers;
        this.discovery = Optional.ofNullable(discovery.getIfAvailable());
        this.relocations = relocations;
        this.replica = replica;
        this.drains = drains;
        this.meters = meters;
    }

    @Override
    public void start() {
        probe();
        drains.sync();
        replica.join();
        started = true;
    }

    /** After the gRPC server stopped (a higher phase stops first): the other replicas take the rooms over at once. */
    @Override
    public void stop() {
        started = false;
        replica.leave();
    }

    @Scheduled(fixedDelayString = "${conclave.media.replica.heartbeat-interval}",
            initialDelayString = "${conclave.media.replica.heartbeat-interval}")
    void heartbeat() {
        if (started) {
            replica.beat();
        }
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
            drains.sync();
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
