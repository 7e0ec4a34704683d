package dev.conclave.media.allocation;

import org.springframework.data.jpa.repository.JpaRepository;

interface MediaRoomRepository extends JpaRepository<MediaRoomEntity, String> {
}
