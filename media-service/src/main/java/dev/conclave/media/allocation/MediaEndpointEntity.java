package dev.conclave.media.allocation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "media_endpoint")
class MediaEndpointEntity {

    @Id
    @Column(name = "endpoint_id")
    private String endpointId;

    @Column(name = "room_id", nullable = false)
    private String roomId;

    @Column(name = "participant_id", nullable = false)
    private String participantId;

    @Column(name = "publisher_id", nullable = false)
    private String publisherId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "node_id", nullable = false)
    private String nodeId;

    protected MediaEndpointEntity() {
    }

    MediaEndpointEntity(String endpointId, String roomId, String participantId, String publisherId,
                        Instant createdAt, String nodeId) {
        this.endpointId = endpointId;
        this.roomId = roomId;
        this.participantId = participantId;
        this.publisherId = publisherId;
        this.createdAt = createdAt;
        this.nodeId = nodeId;
    }

    String endpointId() {
        return endpointId;
    }

    String roomId() {
        return roomId;
    }

    String participantId() {
        return participantId;
    }

    String publisherId() {
        return publisherId;
    }

    String nodeId() {
        return nodeId;
    }
}
