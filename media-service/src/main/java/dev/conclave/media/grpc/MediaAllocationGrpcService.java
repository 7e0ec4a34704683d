package dev.conclave.media.grpc;

import dev.conclave.media.allocation.MediaAllocations.Answer;
import dev.conclave.media.allocation.MediaAllocations.Placement;
import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.events.MediaEvent.EventsMissed;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.proto.media.v1.AddIceCandidateRequest;
import dev.conclave.proto.media.v1.AllocateRoomRequest;
import dev.conclave.proto.media.v1.EndpointRequest;
import dev.conclave.proto.media.v1.IceCandidateAdded;
import dev.conclave.proto.media.v1.ListPublishersRequest;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.MediaEvent;
import dev.conclave.proto.media.v1.PublishRequest;
import dev.conclave.proto.media.v1.Publishers;
import dev.conclave.proto.media.v1.ReleaseParticipantRequest;
import dev.conclave.proto.media.v1.ReleaseRoomRequest;
import dev.conclave.proto.media.v1.Released;
import dev.conclave.proto.media.v1.RoomAllocation;
import dev.conclave.proto.media.v1.SdpAnswer;
import dev.conclave.proto.media.v1.StreamEventsRequest;
import dev.conclave.proto.media.v1.SubscribeRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** The gRPC edge: reads and checks each request once, delegates to the allocations, maps failures to statuses. */
@Component
class MediaAllocationGrpcService extends MediaAllocationGrpc.MediaAllocationImplBase {

    private static final Logger log = LoggerFactory.getLogger(MediaAllocationGrpcService.class);

    private final MediaAllocations allocations;
    private final MediaEventHub events;
    private final RoomRelocations relocations;

    MediaAllocationGrpcService(MediaAllocations allocations, MediaEventHub events, RoomRelocations relocations) {
        this.allocations = allocations;
        this.events = events;
        this.relocations = relocations;
    }

    @Override
    public void allocateRoom(AllocateRoomRequest request, StreamObserver<RoomAllocation> response) {
        answer(response, request.getRoomId(), null, () -> {
            Placement placement = allocations.allocate(ProtoRequests.room(request.getRoomId()));
            return RoomAllocation.newBuilder().setRoomId(placement.room().value())
                    .setWorkerId(placement.worker().value()).setCreated(placement.created()).build();
        });
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<SdpAnswer> response) {
        answer(response, request.getRoomId(), request.getParticipantId(), () -> {
            Answer answer = allocations.publish(ProtoRequests.room(request.getRoomId()),
                    ProtoRequests.participant("participant_id", request.getParticipantId()),
                    ProtoRequests.sdpOffer(request.getSdpOffer()));
            return ProtoEvents.answer(answer);
        });
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<SdpAnswer> response) {
        answer(response, request.getRoomId(), request.getParticipantId(), () -> {
            Answer answer = allocations.subscribe(ProtoRequests.room(request.getRoomId()),
                    ProtoRequests.participant("participant_id", request.getParticipantId()),
                    ProtoRequests.participant("publisher_id", request.getPublisherId()),
                    ProtoRequests.sdpOffer(request.getSdpOffer()));
            return ProtoEvents.answer(answer);
        });
    }

    @Override
    public void unpublish(EndpointRequest request, StreamObserver<Released> response) {
        answer(response, request.getEndpoint().getRoomId(), request.getEndpoint().getParticipantId(), () -> {
            EndpointKey key = ProtoRequests.endpoint(request.getEndpoint());
            return released(allocations.unpublish(key.room(), key.participant()));
        });
    }

    @Override
    public void unsubscribe(EndpointRequest request, StreamObserver<Released> response) {
        answer(response, request.getEndpoint().getRoomId(), request.getEndpoint().getParticipantId(), () -> {
            EndpointKey key = ProtoRequests.subscription(request.getEndpoint());
            return released(allocations.unsubscribe(key.room(), key.participant(), key.publisher()));
        });
    }

    @Override
    public void addIceCandidate(AddIceCandidateRequest request, StreamObserver<IceCandidateAdded> response) {
        answer(response, request.getEndpoint().getRoomId(), request.getEndpoint().getParticipantId(), () -> {
            allocations.addIceCandidate(ProtoRequests.endpoint(request.getEndpoint()),
                    ProtoRequests.candidate(request.getCandidate()));
            return IceCandidateAdded.getDefaultInstance();
        });
    }

    @Override
    public void releaseParticipant(ReleaseParticipantRequest request, StreamObserver<Released> response) {
        answer(response, request.getRoomId(), request.getParticipantId(), () -> released(
                allocations.releaseParticipant(ProtoRequests.room(request.getRoomId()),
                        ProtoRequests.participant("participant_id", request.getParticipantId()))));
    }

    @Override
    public void releaseRoom(ReleaseRoomRequest request, StreamObserver<Released> response) {
        answer(response, request.getRoomId(), null,
                () -> released(allocations.releaseRoom(ProtoRequests.room(request.getRoomId()))));
    }

    @Override
    public void listPublishers(ListPublishersRequest request, StreamObserver<Publishers> response) {
        answer(response, request.getRoomId(), null, () -> {
            MediaAllocations.Publishers publishers = allocations.publishers(ProtoRequests.room(request.getRoomId()));
            return Publishers.newBuilder()
                    .addAllParticipantIds(publishers.participants().stream().map(ParticipantId::value).toList())
                    .setWorkerId(publishers.worker().map(worker -> worker.value()).orElse("")).build();
        });
    }

    @Override
    public void streamEvents(StreamEventsRequest request, StreamObserver<MediaEvent> response) {
        ServerCallStreamObserver<MediaEvent> stream = (ServerCallStreamObserver<MediaEvent>) response;
        String node = request.getNodeId().isBlank() ? "unnamed" : request.getNodeId();
        List<EventsMissed> missed = new ArrayList<>(1);
        Runnable unsubscribe = events.resume(request.getResumeLogId(), request.getResumeAfterSequence(), logged -> {
            if (logged.event() instanceof EventsMissed gap) {
                missed.add(gap);
            }
            synchronized (stream) {
                if (!stream.isCancelled()) {
                    stream.onNext(ProtoEvents.of(logged));
                }
            }
        });
        stream.setOnCancelHandler(() -> {
            unsubscribe.run();
            log.info("signaling node {} closed its media event stream", node);
        });
        log.info("signaling node {} {} a media event stream", node,
                request.getResumeLogId().isEmpty() ? "opened" : "resumed (after event " + request.getResumeAfterSequence()
                        + ")");
        missed.forEach(gap -> relocations.eventsMissed(gap.rooms(), gap.everyRoom()));
    }

    private static Released released(int count) {
        return Released.newBuilder().setCount(count).build();
    }

    private static <T> void answer(StreamObserver<T> response, String room, String participant, Supplier<T> work) {
        MDC.put("roomId", room);
        if (participant != null) {
            MDC.put("participantId", participant);
        }
        try {
            T result = work.get();
            response.onNext(result);
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(GrpcStatuses.of(e));
        } finally {
            MDC.remove("roomId");
            MDC.remove("participantId");
        }
    }
}
