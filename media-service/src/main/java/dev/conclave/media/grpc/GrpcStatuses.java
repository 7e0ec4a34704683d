package dev.conclave.media.grpc;

import dev.conclave.media.allocation.MediaRequestException;
import dev.conclave.media.placement.NoMediaWorkerAvailableException;
import dev.conclave.media.worker.MediaWorkerFailedException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become gRPC statuses. */
final class GrpcStatuses {

    private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    static Status of(RuntimeException failure) {
        if (failure instanceof ProtoRequests.InvalidRequest invalid) {
            return invalid.status();
        }
        if (failure instanceof MediaRequestException request) {
            Status status = switch (request.reason()) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case CONFLICT -> Status.FAILED_PRECONDITION;
                case INVALID -> Status.INVALID_ARGUMENT;
            };
            return status.withDescription(request.getMessage());
        }
        if (failure instanceof NoMediaWorkerAvailableException || failure instanceof MediaWorkerFailedException) {
            log.warn("media call failed: {}", failure.getMessage());
            return Status.UNAVAILABLE.withDescription(failure.getMessage());
        }
        log.error("media call failed unexpectedly", failure);
        return Status.INTERNAL.withDescription("media-service failed: " + failure.getClass().getSimpleName());
    }
}
