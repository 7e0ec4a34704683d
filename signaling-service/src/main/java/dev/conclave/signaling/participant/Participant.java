package dev.conclave.signaling.participant;

import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A participant whose connection is on this node: who it is and what it may do, which never change while it stays,
 * and whether a moderator muted its chat. (Its media state is the room's business: see the roster.)
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
    private volatile boolean chatMuted;

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

    /** Audience: may not publish, so its coming and going is not announced. */
    public boolean audience() {
        return !grants.contains(Grant.PUBLISH);
    }

    public boolean chatMuted() {
        return chatMuted;
    }

    public void setChatMuted(boolean muted) {
        chatMuted = muted;
    }

    /** How the room first sees it: nothing muted yet, hand down. */
    public ParticipantInfo initialInfo() {
        return new ParticipantInfo(id, identity, name, false, false, joinedAt, metadata, null);
    }
}
