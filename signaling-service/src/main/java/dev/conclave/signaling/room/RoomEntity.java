package dev.conclave.signaling.room;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "room")
class RoomEntity {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RoomAccess access;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Topology topology;

    @Column(name = "max_participants", nullable = false)
    private int maxParticipants;

    @Column(name = "empty_timeout_seconds")
    private Integer emptyTimeoutSeconds;

    @Column(name = "empty_since")
    private Instant emptySince;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String metadata;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RoomState state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "close_reason")
    private String closeReason;

    @Column(name = "sfu_since")
    private Instant sfuSince;

    protected RoomEntity() {
    }

    RoomEntity(RoomSpec spec, RoomId id, String metadataJson, String createdBy, Instant now) {
        this.id = id.value();
        this.access = spec.access();
        this.topology = spec.topology();
        this.maxParticipants = spec.maxParticipants();
        this.emptyTimeoutSeconds = spec.emptyTimeoutSeconds();
        this.emptySince = now;
        this.metadata = metadataJson;
        this.state = RoomState.ACTIVE;
        this.createdAt = now;
        this.createdBy = createdBy;
    }

    String id() {
        return id;
    }

    RoomAccess access() {
        return access;
    }

    Topology topology() {
        return topology;
    }

    Instant sfuSince() {
        return sfuSince;
    }

    int maxParticipants() {
        return maxParticipants;
    }

    Integer emptyTimeoutSeconds() {
        return emptyTimeoutSeconds;
    }

    String metadata() {
        return metadata;
    }

    RoomState state() {
        return state;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant closedAt() {
        return closedAt;
    }

    String closeReason() {
        return closeReason;
    }

    String createdBy() {
        return createdBy;
    }

    void replaceMetadata(String metadataJson) {
        this.metadata = metadataJson;
    }

    void close(String reason, Instant at) {
        this.state = RoomState.CLOSED;
        this.closeReason = reason;
        this.closedAt = at;
    }
}
