package dev.conclave.signaling.participant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

@Entity
@Table(name = "participant_session")
class ParticipantSessionEntity implements Persistable<String> {

    @Id
    private String id;

    @Column(name = "room_id", nullable = false)
    private String roomId;

    @Column(nullable = false)
    private String identity;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(nullable = false)
    private boolean guest;

    @Column(name = "node_id", nullable = false)
    private String nodeId;

    @Column(name = "remote_address")
    private String remoteAddress;

    @Column(name = "user_agent")
    private String userAgent;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    @Column(name = "left_at")
    private Instant leftAt;

    @Column(name = "leave_reason")
    private String leaveReason;

    @JdbcTypeCode(SqlTypes.JSON)
    private String metadata;

    /** A session is written once when it opens: saving a new one inserts it without first looking for it. */
    @Transient
    private boolean isNew = true;

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        isNew = false;
    }

    protected ParticipantSessionEntity() {
    }

    ParticipantSessionEntity(Participant participant, ClientInfo client, String nodeId, String metadataJson) {
        this.id = participant.id().value();
        this.roomId = participant.roomId().value();
        this.identity = participant.identity();
        this.displayName = participant.name();
        this.guest = participant.guest();
        this.nodeId = nodeId;
        this.remoteAddress = client.remoteAddress();
        this.userAgent = client.userAgent();
        this.joinedAt = participant.joinedAt();
        this.metadata = metadataJson;
    }

    ParticipantSession toSession() {
        return new ParticipantSession(new ParticipantId(id), identity, displayName, guest, joinedAt, leftAt,
                leaveReason, remoteAddress, userAgent, nodeId);
    }
}
