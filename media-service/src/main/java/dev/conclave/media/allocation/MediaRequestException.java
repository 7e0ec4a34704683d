package dev.conclave.media.allocation;

/** A request that cannot be done as asked; {@link #reason} says why, for the transport to map. */
public class MediaRequestException extends RuntimeException {

    public enum Reason {
        /** No such room, publisher or endpoint. */
        NOT_FOUND,
        /** Not now: already publishing, or subscribing to oneself. */
        CONFLICT,
        /** The request's content is wrong: an SDP offer or candidate the media server refused. */
        INVALID
    }

    private final Reason reason;

    public MediaRequestException(Reason reason, String message) {
        this(reason, message, null);
    }

    public MediaRequestException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
