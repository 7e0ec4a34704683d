package dev.conclave.signaling.grpc;

import dev.conclave.proto.media.v1.AddIceCandidateRequest;
import dev.conclave.proto.media.v1.EndpointKey;
import dev.conclave.proto.media.v1.EndpointRequest;
import dev.conclave.proto.media.v1.ListPublishersRequest;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.MediaAllocationGrpc.MediaAllocationBlockingStub;
import dev.conclave.proto.media.v1.MediaFailureReason;
import dev.conclave.proto.media.v1.PublishRequest;
import dev.conclave.proto.media.v1.Publishers;
import dev.conclave.proto.media.v1.ReleaseParticipantRequest;
import dev.conclave.proto.media.v1.ReleaseRoomRequest;
import dev.conclave.proto.media.v1.SdpAnswer;
import dev.conclave.proto.media.v1.SubscribeRequest;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.media.MediaAllocationClient;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * media-service over gRPC. Every call has a deadline (the time limit), passes the bulkhead and the
 * {@code media-service} circuit breaker; idempotent calls (unpublish, unsubscribe, release, listing) are retried.
 * Refusals of the request itself (bad SDP, not publishing...) do not count against the breaker.
 */
public class GrpcMediaAllocationClient implements MediaAllocationClient {

    private final MediaAllocationBlockingStub mediaService;
    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final String node;

    /** @param node this signaling node's id: media-service sends its endpoints' ICE candidates to its stream only */
    public GrpcMediaAllocationClient(ManagedChannel channel, Duration timeout, CircuitBreaker breaker,
                                     Bulkhead bulkhead, Retry retry, String node) {
        this.mediaService = MediaAllocationGrpc.newBlockingStub(channel);
        this.timeout = timeout;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.node = node;
    }

    @Override
    public Answer publish(RoomId room, ParticipantId participant, String sdpOffer) {
        SdpAnswer answer = call(media -> media.publish(PublishRequest.newBuilder().setRoomId(room.value())
                .setParticipantId(participant.value()).setSdpOffer(sdpOffer).setNodeId(node).build()));
        return new Answer(answer.getSdpAnswer(), answer.getWorkerId());
    }

    @Override
    public void unpublish(RoomId room, ParticipantId participant) {
        idempotent(media -> media.unpublish(EndpointRequest.newBuilder().setEndpoint(key(room, participant, null))
                .build()));
    }

    @Override
    public Answer subscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher, String sdpOffer) {
        SdpAnswer answer = call(media -> media.subscribe(SubscribeRequest.newBuilder().setRoomId(room.value())
                .setParticipantId(subscriber.value()).setPublisherId(publisher.value()).setSdpOffer(sdpOffer)
                .setNodeId(node).build()));
        return new Answer(answer.getSdpAnswer(), answer.getWorkerId());
    }

    @Override
    public void unsubscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher) {
        idempotent(media -> media.unsubscribe(EndpointRequest.newBuilder()
                .setEndpoint(key(room, subscriber, publisher)).build()));
    }

    @Override
    public void addIceCandidate(RoomId room, ParticipantId participant, ParticipantId publisher,
                                IceCandidate candidate) {
        call(media -> media.addIceCandidate(AddIceCandidateRequest.newBuilder()
                .setEndpoint(key(room, participant, publisher))
                .setCandidate(dev.conclave.proto.media.v1.IceCandidate.newBuilder()
                        .setCandidate(candidate.candidate())
                        .setSdpMid(candidate.sdpMid() == null ? "" : candidate.sdpMid())
                        .setSdpMLineIndex(candidate.sdpMLineIndex()))
                .build()));
    }

    @Override
    public Publishers publishers(RoomId room) {
        dev.conclave.proto.media.v1.Publishers publishers = idempotent(media -> media.listPublishers(
                ListPublishersRequest.newBuilder().setRoomId(room.value()).build()));
        return new Publishers(publishers.getParticipantIdsList().stream().map(ParticipantId::new).toList(),
                publishers.getWorkerId());
    }

    @Override
    public void releaseParticipant(RoomId room, ParticipantId participant) {
        idempotent(media -> media.releaseParticipant(ReleaseParticipantRequest.newBuilder()
                .setRoomId(room.value()).setParticipantId(participant.value()).build()));
    }

    @Override
    public void releaseRoom(RoomId room) {
        idempotent(media -> media.releaseRoom(ReleaseRoomRequest.newBuilder().setRoomId(room.value()).build()));
    }

    private static EndpointKey key(RoomId room, ParticipantId participant, ParticipantId publisher) {
        return EndpointKey.newBuilder().setRoomId(room.value()).setParticipantId(participant.value())
                .setPublisherId(publisher == null ? "" : publisher.value()).build();
    }

    private <T> T idempotent(Function<MediaAllocationBlockingStub, T> call) {
        return Retry.decorateSupplier(retry, () -> call(call)).get();
    }

    private <T> T call(Function<MediaAllocationBlockingStub, T> call) {
        if (!bulkhead.tryAcquirePermission()) {
            throw unavailable("too many media calls in flight",
                    BulkheadFullException.createBulkheadFullException(bulkhead));
        }
        try {
            return breaker.executeSupplier(() -> {
                try {
                    return call.apply(mediaService.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (StatusRuntimeException e) {
                    ConclaveException refused = refusal(e);
                    if (refused != null) {
                        throw new Refused(refused);
                    }
                    throw e;
                }
            });
        } catch (Refused refused) {
            throw refused.error;
        } catch (CallNotPermittedException e) {
            throw unavailable("media-service is failing; calls are held off for a few seconds", e);
        } catch (StatusRuntimeException e) {
            throw failure(e);
        } finally {
            bulkhead.onComplete();
        }
    }

    /** The request itself was refused: the client's mistake, not media-service's failure. */
    private static ConclaveException refusal(StatusRuntimeException e) {
        MediaFailureReason reason = MediaFailureReason.of(e.getTrailers());
        String message = e.getStatus().getDescription();
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case INVALID_SDP -> new ConclaveException(ErrorCode.INVALID_SDP, message);
            case INVALID_CANDIDATE, INVALID_ARGUMENT -> new ConclaveException(ErrorCode.INVALID_PARAMS, message);
            case NOT_PUBLISHING -> new ConclaveException(ErrorCode.NOT_PUBLISHING, message);
            case UNKNOWN_ENDPOINT -> new ConclaveException(ErrorCode.UNKNOWN_ENDPOINT, message);
            case ALREADY_PUBLISHING -> new ConclaveException(ErrorCode.ALREADY_PUBLISHING, message);
            case SUBSCRIBE_TO_SELF -> new ConclaveException(ErrorCode.CANNOT_SUBSCRIBE_TO_SELF, message);
            case NO_WORKER, WORKER_FAILED, INTERNAL -> null;
        };
    }

    private static ConclaveException failure(StatusRuntimeException e) {
        MediaFailureReason reason = MediaFailureReason.of(e.getTrailers());
        if (reason == MediaFailureReason.NO_WORKER) {
            return new ConclaveException(ErrorCode.SFU_UNAVAILABLE, "no media server is available for SFU rooms now");
        }
        if (reason == MediaFailureReason.WORKER_FAILED) {
            return new ConclaveException(ErrorCode.SFU_UNAVAILABLE,
                    "the room's media server failed; the room moves to another and you will be asked to renegotiate");
        }
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return unavailable("media-service did not answer within " + e.getStatus().getDescription(), e);
        }
        return unavailable("media-service is unavailable (" + e.getStatus().getCode() + ")", e);
    }

    private static ConclaveException unavailable(String message, Throwable cause) {
        return new ConclaveException(ErrorCode.SFU_UNAVAILABLE, message, cause);
    }

    /** {@code base}, but a refusal of the request itself does not count as media-service failing. */
    public static CircuitBreakerConfig breakerIgnoringRefusals(CircuitBreakerConfig base) {
        return CircuitBreakerConfig.from(base).ignoreExceptions(Refused.class).build();
    }

    /** {@code base}, retrying only when media-service failed (not a refusal, not an open breaker or full bulkhead). */
    public static RetryConfig retryOnFailures(RetryConfig base) {
        return RetryConfig.from(base).retryOnException(GrpcMediaAllocationClient::retriable).build();
    }

    private static boolean retriable(Throwable failure) {
        return failure instanceof ConclaveException error && error.code() == ErrorCode.SFU_UNAVAILABLE
                && !(error.getCause() instanceof CallNotPermittedException)
                && !(error.getCause() instanceof BulkheadFullException);
    }

    /** Carries a refusal through the breaker, which ignores this type. */
    static final class Refused extends RuntimeException {

        private final ConclaveException error;

        Refused(ConclaveException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }
}
