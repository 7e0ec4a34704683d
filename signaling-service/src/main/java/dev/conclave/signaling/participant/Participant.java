package dev.conclave.signaling.participant;

import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A participant in a room on this node. Who it is never changes; whether its microphone and camera are muted does,
 * from its own connection's thread, and is read from others.
 */
public final class Participant {

    private final ParticipantId id;
    private final RoomId roomId;
    private final String identity;
    private final String name;
    private final Set<Grant> grants;
    private final boolean guest;
    private final Instant joinedAt;
    private final Map<String, Object> metadata;
    private volatile boolean audioMuted;
    private volatile boolean videoMuted;

    public Participant(ParticipantId id, RoomId roomId, String identity, String name, Set<Grant> grants, boolean guest,
                       Instant joinedAt, Map<String, Object> metadata) {
        this.id = id;
        this.roomId = roomId;
        this.identity = identity;
        this.name = name;
        this.grants = Set.copyOf(grants);
        this.guest = guest;
        this.joinedAt = joinedAt;
        this.metadata = Map.copyOf(metadata);
    }

    public ParticipantId id() {
        return id;
    }

    public RoomId roomId() {
        return roomId;
    }

    public String identity() {
        return identity;
    }

    public String name() {
        return name;
    }

    public Set<Grant> grants() {
        return grants;
    }

    public boolean may(Grant grant) {
        return grants.contains(grant);
    }

    public boolean guest() {
        return guest;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    public void setMuted(MediaKind kind, boolean muted) {
        if (kind == MediaKind.AUDIO) {
            audioMuted = muted;
        } else {
            videoMuted = muted;
        }
    }

    public ParticipantInfo info() {
        return new ParticipantInfo(id, identity, name, audioMuted, videoMuted, joinedAt, metadata);
    }
}
