package dev.conclave.signaling.rpc;

import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.participant.LeaveReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On a clean stop (SIGTERM), before the web server and the database go. With other nodes sharing the rooms, every
 * client is asked to reconnect ({@code reconnect}, then close code 4012) and its place is held so it can resume on
 * another node — nobody leaves. Alone, this node takes its rooms with it: every participant leaves
 * ({@code node_stopped}) and its socket is closed with 1001.
 */
@Component
class RpcShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RpcShutdown.class);

    private final RpcConnections connections;
    private final RpcDispatcher dispatcher;
    private final RpcNotifications notifications;
    private final RoomRoster roster;
    private volatile boolean running;

    RpcShutdown(RpcConnections connections, RpcDispatcher dispatcher, RpcNotifications notifications,
                RoomRoster roster) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.roster = roster;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        boolean handOver = roster.shared();
        String reconnect = notifications.reconnect("node_stopping");
        int closed = 0;
        for (RpcConnection connection : connections.all()) {
            if (handOver) {
                connection.send(reconnect);
                dispatcher.lose(connection);
                connection.close(CloseCodes.RECONNECT);
            } else {
                dispatcher.endStay(connection, LeaveReason.NODE_STOPPED);
                connection.close(CloseCodes.SHUTTING_DOWN);
            }
            closed++;
        }
        log.info("Closed {} signaling connections for shutdown ({})", closed,
                handOver ? "clients asked to resume on another node" : "their participants left");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server (whose graceful shutdown phase is lower). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
