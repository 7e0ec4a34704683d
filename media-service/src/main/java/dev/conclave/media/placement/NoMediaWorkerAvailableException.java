package dev.conclave.media.placement;

/** No worker is up and taking rooms: SFU rooms cannot be placed until one is. */
public class NoMediaWorkerAvailableException extends RuntimeException {

    public NoMediaWorkerAvailableException(String message) {
        super(message);
    }
}
