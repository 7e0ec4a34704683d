package dev.conclave.media.worker;

/**
 * Published when a worker whose connection had closed answers on a new one: what it held is still there, but the
 * events of its endpoints went to the old connection, so its rooms must be listened to again.
 */
public record WorkerReconnectedEvent(MediaWorker worker) {
}
