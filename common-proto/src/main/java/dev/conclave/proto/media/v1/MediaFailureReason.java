package dev.conclave.proto.media.v1;

import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Arrays;

/**
 * Part of the contract: why a media call failed, in the status trailer {@code conclave-media-reason}, so that the
 * caller tells its clients precisely without reading messages.
 */
public enum MediaFailureReason {
    INVALID_ARGUMENT,
    INVALID_SDP,
    INVALID_CANDIDATE,
    NOT_PUBLISHING,
    UNKNOWN_ENDPOINT,
    ALREADY_PUBLISHING,
    SUBSCRIBE_TO_SELF,
    /** No worker is up and taking rooms. */
    NO_WORKER,
    /** The room's worker failed or was too slow; the room moves and its participants renegotiate. */
    WORKER_FAILED,
    INTERNAL;

    public static final Metadata.Key<String> TRAILER = Metadata.Key.of("conclave-media-reason",
            Metadata.ASCII_STRING_MARSHALLER);

    /** The status carrying this reason in its trailer. */
    public io.grpc.StatusRuntimeException on(Status status) {
        Metadata trailers = new Metadata();
        trailers.put(TRAILER, name());
        return status.asRuntimeException(trailers);
    }

    /** The reason in {@code trailers}, or {@code null} when there is none (a failure before media-service). */
    public static MediaFailureReason of(Metadata trailers) {
        String value = trailers == null ? null : trailers.get(TRAILER);
        return Arrays.stream(values()).filter(reason -> reason.name().equals(value)).findFirst().orElse(null);
    }
}
