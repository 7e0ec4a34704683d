package dev.conclave.signaling.room;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface RoomRepository extends JpaRepository<RoomEntity, String> {

    /** Creates the room unless it exists; safe when several nodes create the same room at once. */
    @Modifying
    @Query(value = """
            INSERT INTO room (id, access, max_participants, state, created_at)
            VALUES (:id, :access, :maxParticipants, 'ACTIVE', :createdAt)
            ON CONFLICT (id) DO NOTHING""", nativeQuery = true)
    int insertIfAbsent(@Param("id") String id, @Param("access") String access,
                       @Param("maxParticipants") int maxParticipants, @Param("createdAt") Instant createdAt);
}
