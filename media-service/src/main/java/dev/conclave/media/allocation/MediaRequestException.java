package dev.conclave.media.allocation;

/** A request that cannot be done as asked; {@link #reason} says why, for the transport to map. */
public class MediaRequestException extends RuntimeException {

    /** Also the {@code conclave-media-reason} of the gRPC status, for signaling to tell its clients. */
    public enum Reason {
        /** Subscribing to someone who does not publish. */
        NOT_PUBLISHING,
        /** An ICE candidate for an endpoint that does not exist. */
        UNKNOWN_ENDPOINT,
        ALREADY_PUBLISHING,
        SUBSCRIBE_TO_SELF,
        /** An SDP offer the media server refused. */
        INVALID_SDP,
        /** An ICE candidate the media server refused. */
        INVALID_CANDIDATE
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
