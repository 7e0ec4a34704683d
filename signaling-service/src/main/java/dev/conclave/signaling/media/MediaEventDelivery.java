package dev.conclave.signaling.media;

import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.event.RoomEvent.MediaCandidate;
import dev.conclave.signaling.event.RoomEvent.Renegotiate;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.membership.ParticipantConnections;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Media events from media-service (every node hears all of them) to this node's participants: the media server's
 * ICE candidates to the endpoint's owner, {@code renegotiate} to everyone in a room whose media moved.
 */
@Component
public class MediaEventDelivery implements MediaEventSink {

    private static final Logger log = LoggerFactory.getLogger(MediaEventDelivery.class);

    private final LocalParticipants local;
    private final ParticipantConnections connections;

    MediaEventDelivery(LocalParticipants local, ParticipantConnections connections) {
        this.local = local;
        this.connections = connections;
    }

    @Override
    public void iceCandidate(RoomId room, ParticipantId participant, ParticipantId publisher, IceCandidate candidate) {
        if (local.get(participant).isPresent()) {
            connections.deliver(new MediaCandidate(room, participant, publisher, candidate), List.of(participant));
        }
    }

    @Override
    public void renegotiate(RoomId room, String worker, String reason) {
        List<ParticipantId> here = local.inRoom(room).stream().toList();
        if (!here.isEmpty()) {
            log.info("room {}: media moved to worker {} ({}); {} participants here renegotiate", room,
                    worker.isEmpty() ? "(none yet)" : worker, reason, here.size());
            connections.deliver(new Renegotiate(room, worker, reason), here);
        }
    }
}
