package dev.conclave.signaling.participant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ParticipantSessionRepository extends JpaRepository<ParticipantSessionEntity, String> {

    Page<ParticipantSessionEntity> findByRoomId(String roomId, Pageable page);
}
