package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Who a resume token lets back in: the participant as its join token made it. */
public record ResumeGrant(RoomId roomId, ParticipantId participantId, String identity, String name, Set<Grant> grants,
                          boolean guest, Instant joinedAt, Map<String, Object> metadata) {

    public ResumeGrant {
        grants = Set.copyOf(grants);
        metadata = Map.copyOf(metadata);
    }

    static ResumeGrant of(Participant participant) {
        return new ResumeGrant(participant.roomId(), participant.id(), participant.identity(), participant.name(),
                participant.grants(), participant.guest(), participant.joinedAt(), participant.metadata());
    }

    Participant toParticipant() {
        return new Participant(participantId, roomId, identity, name, grants, guest, joinedAt, metadata);
    }
}
