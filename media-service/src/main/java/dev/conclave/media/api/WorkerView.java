package dev.conclave.media.api;

import dev.conclave.media.placement.WorkerLoad;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.WorkerStatus;
import java.time.Instant;

/** A worker as the ops API shows it; its rooms and endpoints counted over every replica. */
record WorkerView(String id, String url, String state, boolean draining, int rooms, int endpoints,
                  String version, Integer pipelines, Double cpuPercent, Instant lastProbe, String circuitBreaker) {

    static WorkerView of(MediaWorker worker, String breakerState, WorkerLoad load) {
        WorkerStatus status = worker.lastStatus();
        return new WorkerView(worker.id().value(), worker.url().toString(), worker.state().name(), worker.draining(),
                load.rooms(), load.endpoints(), status == null ? null : status.version(),
                status == null ? null : status.pipelines(), status == null ? null : status.cpuPercent(),
                worker.lastProbe(), breakerState);
    }
}
