package dev.conclave.signaling.rpc;

import dev.conclave.signaling.participant.LeaveReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On a clean stop, before the web server and the database go: every participant on this node leaves its room
 * (recorded as {@code node_stopped}) and every socket is closed with 1001 (going away).
 */
@Component
class RpcShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RpcShutdown.class);

    private final RpcConnections connections;
    private final RpcDispatcher dispatcher;
    private volatile boolean running;

    RpcShutdown(RpcConnections connections, RpcDispatcher dispatcher) {
        this.connections = connections;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        int closed = 0;
        for (RpcConnection connection : connections.all()) {
            connection.markRemoved(LeaveReason.NODE_STOPPED);
            dispatcher.leave(connection, LeaveReason.NODE_STOPPED);
            connection.close(CloseCodes.SHUTTING_DOWN);
            closed++;
        }
        log.info("Closed {} signaling connections for shutdown", closed);
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
