package dev.conclave.signaling.participant;

import java.time.Instant;

/** A participant as the rest of the room sees it, at one moment. */
public record ParticipantInfo(ParticipantId id, String identity, String name, boolean audioMuted, boolean videoMuted,
                              Instant joinedAt) {
}
