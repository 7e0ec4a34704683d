package dev.conclave.signaling.rpc;

import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.participant.LeaveReason;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On a clean stop (SIGTERM), before the web server and the database go. With other nodes sharing the rooms, every
 * client is asked to reconnect ({@code reconnect}, then close code 4012) and its place is held so it can resume on
 * another node — nobody leaves. Alone, this node takes its rooms with it: every participant leaves
 * ({@code node_stopped}) and its socket is closed with 1001. A socket opening while the node stops (the gateway has
 * not yet seen its readiness go down) is turned away the same way.
 */
@Component
class RpcShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RpcShutdown.class);
    /** A join in an SFU room waits for media-service; its own timeout is longer, but a stop cannot wait that long. */
    private static final Duration ADMISSIONS_TIMEOUT = Duration.ofSeconds(5);

    private final RpcConnections connections;
    private final RpcDispatcher dispatcher;
    private final RpcNotifications notifications;
    private final RoomRoster roster;
    private final AdmissionGate admissions = new AdmissionGate();
    private volatile boolean running;
    private volatile boolean stopping;

    RpcShutdown(RpcConnections connections, RpcDispatcher dispatcher, RpcNotifications notifications,
                RoomRoster roster) {
        this.connections = connections;
        this.dispatcher = dispatcher;
        this.notifications = notifications;
        this.roster = roster;
    }

    /** Also after a stop: a context may be stopped and started again (Spring's tests pause contexts not in use). */
    @Override
    public void start() {
        stopping = false;
        admissions.open();
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        running = false;
        try {
            if (!admissions.close(ADMISSIONS_TIMEOUT)) {
                log.warn("Joins or resumes were still under way {} s into the shutdown",
                        ADMISSIONS_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int closed = 0;
        for (RpcConnection connection : connections.all()) {
            turnAway(connection);
            closed++;
        }
        try {
            if (!connections.awaitAllClosed(Duration.ofSeconds(2))) {
                log.warn("Some signaling connections were still open 2 s into the shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Closed {} signaling connections for shutdown ({})", closed,
                roster.shared() ? "clients asked to resume on another node" : "their participants left");
    }

    /**
     * Whether a join or resume may go ahead: not once the node stops, as it could not hand the participant over. When
     * it may, {@link #admitted()} must follow it.
     */
    boolean mayAdmit() {
        return admissions.enter();
    }

    void admitted() {
        admissions.left();
    }

    /** Whether a socket that just opened must be turned away (and is: the node is stopping). */
    boolean turnedAway(RpcConnection opened) {
        if (!stopping) {
            return false;
        }
        turnAway(opened);
        return true;
    }

    /**
     * Whether a socket that closed is the stop's to settle (and is): while the node stops, a participant's place is
     * handed over — or ends with the node — whatever close code the web server's own shutdown gave its socket.
     */
    boolean settledClose(RpcConnection closed) {
        if (!stopping) {
            return false;
        }
        release(closed);
        return true;
    }

    private void turnAway(RpcConnection connection) {
        if (roster.shared()) {
            connection.send(notifications.reconnect("node_stopping"));
        }
        release(connection);
        connection.close(roster.shared() ? CloseCodes.RECONNECT : CloseCodes.SHUTTING_DOWN);
    }

    private void release(RpcConnection connection) {
        if (roster.shared()) {
            dispatcher.lose(connection);
        } else {
            dispatcher.endStay(connection, LeaveReason.NODE_STOPPED);
        }
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
