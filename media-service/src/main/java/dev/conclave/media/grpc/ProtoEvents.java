package dev.conclave.media.grpc;

import dev.conclave.media.allocation.MediaAllocations.Answer;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.proto.media.v1.EventsMissed;
import dev.conclave.proto.media.v1.IceCandidateFound;
import dev.conclave.proto.media.v1.RenegotiationNeeded;
import dev.conclave.proto.media.v1.SdpAnswer;
import dev.conclave.proto.media.v1.WorkerLost;

/** Domain results and events as protobuf messages. */
final class ProtoEvents {

    private ProtoEvents() {
    }

    static SdpAnswer answer(Answer answer) {
        return SdpAnswer.newBuilder().setSdpAnswer(answer.sdpAnswer()).setWorkerId(answer.worker().value()).build();
    }

    static dev.conclave.proto.media.v1.MediaEvent of(MediaEventHub.Logged logged) {
        return of(logged.event()).toBuilder().setLogId(logged.logId()).setSequence(logged.sequence()).build();
    }

    static dev.conclave.proto.media.v1.MediaEvent of(MediaEvent event) {
        var message = dev.conclave.proto.media.v1.MediaEvent.newBuilder();
        if (event instanceof MediaEvent.IceCandidateFound found) {
            message.setIceCandidateFound(IceCandidateFound.newBuilder().setEndpoint(key(found.endpoint()))
                    .setCandidate(candidate(found.candidate())));
        } else if (event instanceof MediaEvent.RenegotiationNeeded needed) {
            message.setRenegotiationNeeded(RenegotiationNeeded.newBuilder().setRoomId(needed.room().value())
                    .setWorkerId(needed.workerId()).setReason(needed.reason()));
        } else if (event instanceof MediaEvent.WorkerLost lost) {
            message.setWorkerLost(WorkerLost.newBuilder().setWorkerId(lost.workerId())
                    .addAllRoomIds(lost.rooms().stream().map(RoomId::value).toList()));
        } else if (event instanceof MediaEvent.EventsMissed missed) {
            message.setEventsMissed(EventsMissed.newBuilder().setAfterSequence(missed.afterSequence())
                    .setUpToSequence(missed.upToSequence()).setEveryRoom(missed.everyRoom())
                    .addAllRoomIds(missed.rooms().stream().map(RoomId::value).toList()));
        }
        return message.build();
    }

    private static dev.conclave.proto.media.v1.EndpointKey key(EndpointKey key) {
        return dev.conclave.proto.media.v1.EndpointKey.newBuilder().setRoomId(key.room().value())
                .setParticipantId(key.participant().value())
                .setPublisherId(key.isPublisher() ? "" : key.publisher().value()).build();
    }

    private static dev.conclave.proto.media.v1.IceCandidate candidate(IceCandidate candidate) {
        return dev.conclave.proto.media.v1.IceCandidate.newBuilder().setCandidate(candidate.candidate())
                .setSdpMid(candidate.sdpMid() == null ? "" : candidate.sdpMid())
                .setSdpMLineIndex(candidate.sdpMLineIndex()).build();
    }
}
