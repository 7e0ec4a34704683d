package dev.conclave.signaling.rpc;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps watch on every connection. A participant silent for a ping interval is sent a WebSocket ping, which its
 * client's WebSocket answers by itself (through the gateway too, which passes pings and pongs on): an idle session
 * costs the node one small frame each way per interval, and no request. Connections that went quiet are ended: a
 * socket that never joined a room within the join timeout, and a participant not heard from — not even a pong — for
 * the silence limit (a dead network path leaves no close frame behind). The participant's place is held for the
 * grace period first — at once, whatever the dead socket does — then the socket is closed.
 */
@Component
class ConnectionLiveness {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLiveness.class);

    private final RpcConnections connections;
    private final RpcDispatcher dispatcher;
    private final RpcProperties properties;
    private final Clock clock;

    ConnectionLiveness(RpcConnections connections, RpcDispatcher dispatcher, RpcProperties properties, Clock clock) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.clock = clock;
    }

    private boolean stuck(RpcConnection connection) {
        long oldest = connection.oldestUndeliveredNanos();
        return oldest >= 0 && System.nanoTime() - oldest > properties.sendTimeLimit().toNanos();
    }

    @Scheduled(fixedDelayString = "${conclave.signaling.rpc.liveness-check-interval:PT1S}")
    void sweep() {
        Instant now = clock.instant();
        for (RpcConnection connection : connections.all()) {
            if (connection.membership() == null) {
                if (connection.unjoinedSince().plus(properties.joinTimeout()).isBefore(now)) {
                    connection.close(CloseCodes.JOIN_TIMEOUT);
                }
            } else if (stuck(connection)) {
                connections.giveUp(connection, "a frame waited more than " + properties.sendTimeLimit());
            } else if (connection.lastHeard().plus(properties.silenceLimit()).isBefore(now)) {
                log.info("Connection {} of participant {} went silent (last heard {}); holding its place",
                        connection.id(), connection.membership().participantId(), connection.lastHeard());
                dispatcher.lose(connection);
                connection.close(CloseCodes.PING_TIMEOUT);
            } else {
                connection.pingIfSilent(now, properties.pingInterval());
            }
        }
    }
}
