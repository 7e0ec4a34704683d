package dev.conclave.signaling.participant;

import java.time.Instant;
import java.util.Map;

/**
 * A participant as the rest of the room sees it, at one moment.
 *
 * @param metadata     free-form, from its join token (empty when the token had none)
 * @param handRaisedAt when it raised its hand; {@code null} while its hand is down
 */
public record ParticipantInfo(ParticipantId id, String identity, String name, boolean audioMuted, boolean videoMuted,
                              Instant joinedAt, Map<String, Object> metadata, Instant handRaisedAt) {

    public ParticipantInfo {
        metadata = Map.copyOf(metadata);
    }

    public ParticipantInfo withMuted(MediaKind kind, boolean muted) {
        return kind == MediaKind.AUDIO
                ? new ParticipantInfo(id, identity, name, muted, videoMuted, joinedAt, metadata, handRaisedAt)
                : new ParticipantInfo(id, identity, name, audioMuted, muted, joinedAt, metadata, handRaisedAt);
    }

    /** With its hand raised at {@code at}, or lowered ({@code null}). */
    public ParticipantInfo withHandRaisedAt(Instant at) {
        return new ParticipantInfo(id, identity, name, audioMuted, videoMuted, joinedAt, metadata, at);
    }

    public boolean handRaised() {
        return handRaisedAt != null;
    }
}
