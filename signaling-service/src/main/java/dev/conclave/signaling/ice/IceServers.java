package dev.conclave.signaling.ice;

import dev.conclave.signaling.ice.IceProperties.IceServer;
import dev.conclave.signaling.ice.TurnCredentials.TurnCredential;
import dev.conclave.signaling.participant.ParticipantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ICE servers one participant is told to use: the fixed ones from configuration and, when a TURN server with a
 * shared secret is configured, that server with credentials freshly minted for the participant.
 */
@Component
public class IceServers {

    private static final Logger log = LoggerFactory.getLogger(IceServers.class);

    private final List<IceServer> fixed;
    private final List<String> turnUrls;
    private final TurnCredentials turnCredentials;

    public IceServers(IceProperties properties, Clock clock) {
        this.fixed = properties.servers();
        IceProperties.Turn turn = properties.turn();
        if (turn.configured()) {
            this.turnUrls = turn.urls();
            this.turnCredentials = new TurnCredentials(turn.sharedSecret(), turn.credentialTtl(), clock);
            log.info("TURN: {} with ephemeral credentials valid {}", turnUrls, turn.credentialTtl());
        } else {
            this.turnUrls = List.of();
            this.turnCredentials = null;
        }
    }

    /** What goes into {@code participant}'s join or resume result. */
    public List<IceServer> forParticipant(ParticipantId participant) {
        if (turnCredentials == null) {
            return fixed;
        }
        TurnCredential credential = turnCredentials.mint(participant);
        List<IceServer> servers = new ArrayList<>(fixed.size() + 1);
        servers.addAll(fixed);
        servers.add(new IceServer(turnUrls, credential.username(), credential.credential()));
        return List.copyOf(servers);
    }
}
