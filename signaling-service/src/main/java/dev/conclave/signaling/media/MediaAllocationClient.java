package dev.conclave.signaling.media;

import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.util.List;

/**
 * media-service as signaling needs it: the SDP answers of SFU publishers and subscribers, their ICE candidates, and
 * releasing what a participant or room held. Failures come back as {@code ConclaveException}s with the media error
 * codes ({@code SFU_UNAVAILABLE}, {@code NOT_PUBLISHING}, {@code INVALID_SDP}, ...).
 */
public interface MediaAllocationClient {

    /** @param worker the media worker that holds the endpoint */
    record Answer(String sdpAnswer, String worker) {
    }

    record Publishers(List<ParticipantId> participants, String worker) {
    }

    Answer publish(RoomId room, ParticipantId participant, String sdpOffer);

    void unpublish(RoomId room, ParticipantId participant);

    Answer subscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher, String sdpOffer);

    void unsubscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher);

    /** @param publisher null for the participant's own publisher endpoint */
    void addIceCandidate(RoomId room, ParticipantId participant, ParticipantId publisher, IceCandidate candidate);

    Publishers publishers(RoomId room);

    void releaseParticipant(RoomId room, ParticipantId participant);

    void releaseRoom(RoomId room);
}
