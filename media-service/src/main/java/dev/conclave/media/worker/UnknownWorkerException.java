package dev.conclave.media.worker;

/** No worker has that id. */
public class UnknownWorkerException extends RuntimeException {

    public UnknownWorkerException(WorkerId id) {
        super("no media worker " + id);
    }
}
