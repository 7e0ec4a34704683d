package dev.conclave.signaling.participant;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The history of who was in which room, when, and from where — one row per stay, written when a participant joins
 * and closed when it leaves.
 */
@Service
public class ParticipantSessions {

    private static final Logger log = LoggerFactory.getLogger(ParticipantSessions.class);

    private final ParticipantSessionRepository repository;
    private final Clock clock;
    private final String nodeId;

    ParticipantSessions(ParticipantSessionRepository repository, Clock clock,
                        @Value("${conclave.signaling.node-id}") String nodeId) {
        this.repository = repository;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Transactional
    public void opened(Participant participant, ClientInfo client) {
        repository.save(new ParticipantSessionEntity(participant, client, nodeId));
    }

    @Transactional
    public void closed(ParticipantId participant, LeaveReason reason) {
        repository.close(participant.value(), clock.instant(), reason.wireName());
    }

    /**
     * Closes sessions this node left open when it last stopped without saying goodbye (killed, crashed): nobody is
     * connected to a node that has just started.
     */
    @Transactional
    public void closeLeftOpenByEarlierRun() {
        int closed = repository.closeAllOnNode(nodeId, clock.instant(), LeaveReason.NODE_STOPPED.wireName());
        if (closed > 0) {
            log.warn("Closed {} participant sessions left open by an earlier run of node {}", closed, nodeId);
        }
    }

    public String nodeId() {
        return nodeId;
    }
}
