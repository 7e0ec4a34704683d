package dev.conclave.media.grpc;

import dev.conclave.media.allocation.MediaRequestException;
import dev.conclave.media.placement.NoMediaWorkerAvailableException;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.proto.media.v1.MediaFailureReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become gRPC statuses. Besides the code, the trailer {@code conclave-media-reason} names the
 * failure precisely ({@link MediaFailureReason}), so signaling can tell its clients without reading messages.
 */
final class GrpcStatuses {

    private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    static StatusRuntimeException of(RuntimeException failure) {
        if (failure instanceof ProtoRequests.InvalidRequest invalid) {
            return with(invalid.status(), invalid.reason());
        }
        if (failure instanceof MediaRequestException request) {
            Status status = switch (request.reason()) {
                case NOT_PUBLISHING, UNKNOWN_ENDPOINT -> Status.NOT_FOUND;
                case ALREADY_PUBLISHING, SUBSCRIBE_TO_SELF -> Status.FAILED_PRECONDITION;
                case INVALID_SDP, INVALID_CANDIDATE -> Status.INVALID_ARGUMENT;
            };
            return with(status.withDescription(request.getMessage()), request.reason().name());
        }
        if (failure instanceof NoMediaWorkerAvailableException) {
            log.warn("media call failed: {}", failure.getMessage());
            return with(Status.UNAVAILABLE.withDescription(failure.getMessage()), "NO_WORKER");
        }
        if (failure instanceof MediaWorkerFailedException) {
            log.warn("media call failed: {}", failure.getMessage());
            return with(Status.UNAVAILABLE.withDescription(failure.getMessage()), "WORKER_FAILED");
        }
        log.error("media call failed unexpectedly", failure);
        return with(Status.INTERNAL.withDescription("media-service failed: " + failure.getClass().getSimpleName()),
                "INTERNAL");
    }

    private static StatusRuntimeException with(Status status, String reason) {
        return MediaFailureReason.valueOf(reason).on(status);
    }
}
