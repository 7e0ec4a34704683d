package dev.conclave.media.worker;

/** Published when a worker misses its probes: whatever it held is gone. */
public record WorkerLostEvent(MediaWorker worker) {
}
