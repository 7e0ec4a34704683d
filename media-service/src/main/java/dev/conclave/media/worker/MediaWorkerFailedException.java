package dev.conclave.media.worker;

/**
 * A worker did not do what was asked because of the worker or the way to it: no connection, a timeout, an open
 * circuit breaker, a full bulkhead. The room may be fine elsewhere; retry after the room has been moved.
 */
public class MediaWorkerFailedException extends RuntimeException {

    private final WorkerId worker;

    public MediaWorkerFailedException(WorkerId worker, String message, Throwable cause) {
        super("media worker " + worker + ": " + message, cause);
        this.worker = worker;
    }

    public WorkerId worker() {
        return worker;
    }
}
