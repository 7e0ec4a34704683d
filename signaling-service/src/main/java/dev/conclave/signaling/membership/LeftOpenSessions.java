package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ParticipantSessions;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Before this node accepts its first connection, closes the sessions an earlier run of it left open — when it runs
 * alone. With a shared roster the other nodes hold those places for the grace period and close them themselves.
 */
@Component
class LeftOpenSessions implements SmartInitializingSingleton {

    private final ParticipantSessions sessions;
    private final RoomRoster roster;

    LeftOpenSessions(ParticipantSessions sessions, RoomRoster roster) {
        this.sessions = sessions;
        this.roster = roster;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!roster.shared()) {
            sessions.closeLeftOpenByEarlierRun();
        }
    }
}
