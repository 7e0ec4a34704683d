package dev.conclave.media.grpc;

import dev.conclave.media.allocation.MediaAllocations.Answer;
import dev.conclave.media.allocation.MediaAllocations.Placement;
import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomLostException;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.replica.MediaReplicas;
import dev.conclave.media.replica.RoomOwnership.Owner;
import dev.conclave.media.replica.RoomRouting;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.events.MediaEvent.EventsMissed;
import dev.conclave.media.events.MediaEvent.IceCandidateFound;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.proto.media.v1.AddIceCandidateRequest;
import dev.conclave.proto.media.v1.AllocateRoomRequest;
import dev.conclave.proto.media.v1.EndpointRequest;
import dev.conclave.proto.media.v1.IceCandidateAdded;
import dev.conclave.proto.media.v1.ListPublishersRequest;
import dev.conclave.proto.media.v1.ListReplicasRequest;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.MediaEvent;
import dev.conclave.proto.media.v1.PublishRequest;
import dev.conclave.proto.media.v1.Publishers;
import dev.conclave.proto.media.v1.ReleaseParticipantRequest;
import dev.conclave.proto.media.v1.ReleaseRoomRequest;
import dev.conclave.proto.media.v1.Released;
import dev.conclave.proto.media.v1.Replica;
import dev.conclave.proto.media.v1.Replicas;
import dev.conclave.proto.media.v1.RoomAllocation;
import dev.conclave.proto.media.v1.SdpAnswer;
import dev.conclave.proto.media.v1.StreamEventsRequest;
import dev.conclave.proto.media.v1.SubscribeRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The gRPC edge: reads and checks each request once, serves a room's call if this replica owns the room or
 * forwards it to the owner, delegates to the allocations, maps failures to statuses.
 */
@Component
class MediaAllocationGrpcService extends MediaAllocationGrpc.MediaAllocationImplBase {

    private static final Logger log = LoggerFactory.getLogger(MediaAllocationGrpcService.class);

    private final MediaAllocations allocations;
    private final MediaEventHub events;
    private final RoomRelocations relocations;
    private final RoomRouting routing;
    private final MediaReplicas replicas;
    private final OwnerForwarding forwarding;

    MediaAllocationGrpcService(MediaAllocations allocations, MediaEventHub events, RoomRelocations relocations,
                               RoomRouting routing, MediaReplicas replicas) {
        this.allocations = allocations;
        this.events = events;
        this.relocations = relocations;
        this.routing = routing;
        this.replicas = replicas;
        this.forwarding = new OwnerForwarding(replicas.self());
    }

    @PreDestroy
    void closeForwarding() {
        forwarding.close();
    }

    @Override
    public void allocateRoom(AllocateRoomRequest request, StreamObserver<RoomAllocation> response) {
        routed(MediaAllocationGrpc.getAllocateRoomMethod(), request, response, request.getRoomId(), null, true,
                room -> {
                    Placement placement = allocations.allocate(room);
                    return RoomAllocation.newBuilder().setRoomId(placement.room().value())
                            .setWorkerId(placement.worker().value()).setCreated(placement.created()).build();
                });
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<SdpAnswer> response) {
        routed(MediaAllocationGrpc.getPublishMethod(), request, response, request.getRoomId(),
                request.getParticipantId(), true, room -> ProtoEvents.answer(allocations.publish(room,
                        ProtoRequests.participant("participant_id", request.getParticipantId()),
                        ProtoRequests.sdpOffer(request.getSdpOffer()), ProtoRequests.node(request.getNodeId()))));
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<SdpAnswer> response) {
        routed(MediaAllocationGrpc.getSubscribeMethod(), request, response, request.getRoomId(),
                request.getParticipantId(), false, room -> ProtoEvents.answer(allocations.subscribe(room,
                        ProtoRequests.participant("participant_id", request.getParticipantId()),
                        ProtoRequests.participant("publisher_id", request.getPublisherId()),
                        ProtoRequests.sdpOffer(request.getSdpOffer()), ProtoRequests.node(request.getNodeId()))));
    }

    @Override
    public void unpublish(EndpointRequest request, StreamObserver<Released> response) {
        routed(MediaAllocationGrpc.getUnpublishMethod(), request, response, request.getEndpoint().getRoomId(),
                request.getEndpoint().getParticipantId(), false, room -> {
                    EndpointKey key = ProtoRequests.endpoint(request.getEndpoint());
                    return released(allocations.unpublish(key.room(), key.participant()));
                });
    }

    @Override
    public void unsubscribe(EndpointRequest request, StreamObserver<Released> response) {
        routed(MediaAllocationGrpc.getUnsubscribeMethod(), request, response, request.getEndpoint().getRoomId(),
                request.getEndpoint().getParticipantId(), false, room -> {
                    EndpointKey key = ProtoRequests.subscription(request.getEndpoint());
                    return released(allocations.unsubscribe(key.room(), key.participant(), key.publisher()));
                });
    }

    @Override
    public void addIceCandidate(AddIceCandidateRequest request, StreamObserver<IceCandidateAdded> response) {
        routed(MediaAllocationGrpc.getAddIceCandidateMethod(), request, response, request.getEndpoint().getRoomId(),
                request.getEndpoint().getParticipantId(), false, room -> {
                    allocations.addIceCandidate(ProtoRequests.endpoint(request.getEndpoint()),
                            ProtoRequests.candidate(request.getCandidate()));
                    return IceCandidateAdded.getDefaultInstance();
                });
    }

    @Override
    public void releaseParticipant(ReleaseParticipantRequest request, StreamObserver<Released> response) {
        routed(MediaAllocationGrpc.getReleaseParticipantMethod(), request, response, request.getRoomId(),
                request.getParticipantId(), false, room -> released(allocations.releaseParticipant(room,
                        ProtoRequests.participant("participant_id", request.getParticipantId()))));
    }

    @Override
    public void releaseRoom(ReleaseRoomRequest request, StreamObserver<Released> response) {
        routed(MediaAllocationGrpc.getReleaseRoomMethod(), request, response, request.getRoomId(), null, false,
                room -> {
                    int released = allocations.releaseRoom(room);
                    routing.released(room);
                    return released(released);
                });
    }

    @Override
    public void listPublishers(ListPublishersRequest request, StreamObserver<Publishers> response) {
        routed(MediaAllocationGrpc.getListPublishersMethod(), request, response, request.getRoomId(), null, false,
                room -> {
                    MediaAllocations.Publishers publishers = allocations.publishers(room);
                    return Publishers.newBuilder()
                            .addAllParticipantIds(publishers.participants().stream().map(ParticipantId::value).toList())
                            .setWorkerId(publishers.worker().map(worker -> worker.value()).orElse("")).build();
                });
    }

    @Override
    public void listReplicas(ListReplicasRequest request, StreamObserver<Replicas> response) {
        answer(response, null, null, () -> Replicas.newBuilder().addAllReplicas(replicas.live().stream()
                .filter(replica -> !replica.address().isEmpty())
                .map(replica -> Replica.newBuilder().setReplicaId(replica.id()).setAddress(replica.address()).build())
                .toList()).build());
    }

    @Override
    public void streamEvents(StreamEventsRequest request, StreamObserver<MediaEvent> response) {
        ServerCallStreamObserver<MediaEvent> stream = (ServerCallStreamObserver<MediaEvent>) response;
        String node = request.getNodeId().isBlank() ? "unnamed" : request.getNodeId();
        List<EventsMissed> missed = new ArrayList<>(1);
        NodeEventStream events = new NodeEventStream(stream, node);
        Runnable unsubscribe = this.events.resume(request.getResumeLogId(), request.getResumeAfterSequence(), logged -> {
            if (logged.event() instanceof EventsMissed gap) {
                missed.add(gap);
            }
            if (!(logged.event() instanceof IceCandidateFound found) || found.isFor(request.getNodeId())) {
                events.send(ProtoEvents.of(logged));
            }
        });
        events.onEnd(unsubscribe);
        log.info("signaling node {} {} a media event stream", node,
                request.getResumeLogId().isEmpty() ? "opened" : "resumed (after event " + request.getResumeAfterSequence()
                        + ")");
        missed.forEach(gap -> relocations.eventsMissed(gap.rooms(), gap.everyRoom()));
    }

    private static Released released(int count) {
        return Released.newBuilder().setCount(count).build();
    }

    /**
     * Serves a room's call here when this replica owns the room (or claims it: {@code claimIfFree}, or its owner
     * died), else forwards it to the owner as it came; a failure from the owner is passed on as it is.
     */
    private <Q, R> void routed(MethodDescriptor<Q, R> method, Q request, StreamObserver<R> response, String roomId,
                               String participant, boolean claimIfFree, Function<RoomId, R> work) {
        answer(response, roomId, participant, () -> {
            RoomId room = ProtoRequests.room(roomId);
            try {
                Owner owner = routing.route(room, claimIfFree);
                if (owner instanceof Owner.Elsewhere elsewhere) {
                    if (OwnerForwarding.forwarded()) {
                        throw Status.UNAVAILABLE.withDescription("room " + room + " is owned by replica "
                                + elsewhere.replica() + " now; try again").asRuntimeException();
                    }
                    if (elsewhere.address().isEmpty()) {
                        throw Status.UNAVAILABLE.withDescription("room " + room + " is owned by replica "
                                + elsewhere.replica() + ", which is not listening yet").asRuntimeException();
                    }
                    return forwarding.forward(elsewhere.address(), method, request);
                }
                return work.apply(room);
            } catch (RoomLostException lost) {
                routing.lost(lost.room());
                throw Status.UNAVAILABLE.withDescription(lost.getMessage() + "; try again").asRuntimeException();
            }
        });
    }

    private static <T> void answer(StreamObserver<T> response, String room, String participant, Supplier<T> work) {
        if (room != null) {
            MDC.put("roomId", room);
        }
        if (participant != null) {
            MDC.put("participantId", participant);
        }
        try {
            T result = work.get();
            response.onNext(result);
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e.getStatus().asRuntimeException(e.getTrailers()));
        } catch (RuntimeException e) {
            response.onError(GrpcStatuses.of(e));
        } finally {
            MDC.remove("roomId");
            MDC.remove("participantId");
        }
    }
}
