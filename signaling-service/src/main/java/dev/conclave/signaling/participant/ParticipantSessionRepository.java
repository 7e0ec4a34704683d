package dev.conclave.signaling.participant;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ParticipantSessionRepository extends JpaRepository<ParticipantSessionEntity, String> {

    @Modifying
    @Query(value = """
            UPDATE participant_session SET left_at = :leftAt, leave_reason = :reason
             WHERE id = :id AND left_at IS NULL""", nativeQuery = true)
    int close(@Param("id") String id, @Param("leftAt") Instant leftAt, @Param("reason") String reason);

    @Modifying
    @Query(value = """
            UPDATE participant_session SET left_at = :leftAt, leave_reason = :reason
             WHERE node_id = :nodeId AND left_at IS NULL""", nativeQuery = true)
    int closeAllOnNode(@Param("nodeId") String nodeId, @Param("leftAt") Instant leftAt, @Param("reason") String reason);
}
