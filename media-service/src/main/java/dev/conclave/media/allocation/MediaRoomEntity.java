package dev.conclave.media.allocation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "media_room")
class MediaRoomEntity {

    @Id
    @Column(name = "room_id")
    private String roomId;

    @Column(name = "worker_id", nullable = false)
    private String workerId;

    @Column(name = "pipeline_id", nullable = false)
    private String pipelineId;

    @Column(name = "allocated_at", nullable = false)
    private Instant allocatedAt;

    protected MediaRoomEntity() {
    }

    MediaRoomEntity(String roomId, String workerId, String pipelineId, Instant allocatedAt) {
        this.roomId = roomId;
        this.workerId = workerId;
        this.pipelineId = pipelineId;
        this.allocatedAt = allocatedAt;
    }

    String roomId() {
        return roomId;
    }

    String workerId() {
        return workerId;
    }

    String pipelineId() {
        return pipelineId;
    }
}
