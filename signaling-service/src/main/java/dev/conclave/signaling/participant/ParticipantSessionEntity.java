package dev.conclave.signaling.participant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "participant_session")
class ParticipantSessionEntity {

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

    protected ParticipantSessionEntity() {
    }

    ParticipantSession toSession() {
        return new ParticipantSession(new ParticipantId(id), identity, displayName, guest, joinedAt, leftAt,
                leaveReason, remoteAddress, userAgent, nodeId);
    }
}
