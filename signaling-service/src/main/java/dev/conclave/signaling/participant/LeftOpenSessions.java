package dev.conclave.signaling.participant;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Before this node accepts its first connection, closes the sessions an earlier run of it left open. */
@Component
class LeftOpenSessions implements SmartInitializingSingleton {

    private final ParticipantSessions sessions;

    LeftOpenSessions(ParticipantSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        sessions.closeLeftOpenByEarlierRun();
    }
}
