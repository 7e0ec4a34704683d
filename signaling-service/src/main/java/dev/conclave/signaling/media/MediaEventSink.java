package dev.conclave.signaling.media;

import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;

/** Where media events from media-service go on this node (to its own participants). */
public interface MediaEventSink {

    /** The media server's candidate for {@code participant}'s publisher ({@code publisher} null) or subscription. */
    void iceCandidate(RoomId room, ParticipantId participant, ParticipantId publisher, IceCandidate candidate);

    /** The room's media moved to {@code worker} (empty: none yet): everyone in it publishes and subscribes again. */
    void renegotiate(RoomId room, String worker, String reason);
}
