package dev.conclave.media.allocation;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface MediaEndpointRepository extends JpaRepository<MediaEndpointEntity, String> {

    List<MediaEndpointEntity> findByRoomId(String roomId);

    @Modifying
    @Transactional
    @Query("delete from MediaEndpointEntity e where e.roomId = :roomId")
    int deleteByRoomId(String roomId);
}
