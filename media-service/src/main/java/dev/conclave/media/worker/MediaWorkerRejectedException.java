package dev.conclave.media.worker;

/**
 * A healthy worker refused a request because of its content (an SDP offer that does not parse, a bad ICE candidate,
 * an object that no longer exists). Not the worker's fault: it does not count against its circuit breaker.
 */
public class MediaWorkerRejectedException extends RuntimeException {

    public MediaWorkerRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
