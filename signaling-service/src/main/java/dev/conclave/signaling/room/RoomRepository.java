package dev.conclave.signaling.room;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RoomRepository extends JpaRepository<RoomEntity, String> {

    /** Creates an OPEN room for a guest link unless it exists; safe when several nodes create it at once. */
    @Modifying
    @Query(value = """
            INSERT INTO room (id, access, max_participants, state, created_at, empty_since)
            VALUES (:id, 'OPEN', :maxParticipants, 'ACTIVE', :createdAt, :createdAt)
            ON CONFLICT (id) DO NOTHING""", nativeQuery = true)
    int insertOpenIfAbsent(@Param("id") String id, @Param("maxParticipants") int maxParticipants,
                           @Param("createdAt") Instant createdAt);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT r FROM RoomEntity r WHERE r.id = :id")
    Optional<RoomEntity> findForUpdate(@Param("id") String id);

    Page<RoomEntity> findByState(RoomState state, Pageable page);

    @Modifying
    @Query(value = "UPDATE room SET empty_since = NULL WHERE id = :id AND empty_since IS NOT NULL", nativeQuery = true)
    int markOccupied(@Param("id") String id);

    @Modifying
    @Query(value = "UPDATE room SET empty_since = :since WHERE id = :id AND empty_since IS NULL", nativeQuery = true)
    int markEmpty(@Param("id") String id, @Param("since") Instant since);

    @Query(value = """
            SELECT id FROM room
             WHERE state = 'ACTIVE' AND empty_timeout_seconds IS NOT NULL AND empty_since IS NOT NULL
               AND empty_since + make_interval(secs => empty_timeout_seconds) < :now""", nativeQuery = true)
    List<String> findEmptyPastTimeout(@Param("now") Instant now);
}
