package dev.conclave.signaling.participant;

import java.time.Duration;
import java.time.Instant;

/** One stay of one participant in a room, as history keeps it. {@code leftAt} is {@code null} while it lasts. */
public record ParticipantSession(ParticipantId participantId, String identity, String displayName, boolean guest,
                                 Instant joinedAt, Instant leftAt, String leaveReason, String remoteAddress,
                                 String userAgent, String nodeId) {

    /** How long it lasted, or has lasted so far. */
    public Duration duration(Instant now) {
        return Duration.between(joinedAt, leftAt != null ? leftAt : now);
    }
}
