package dev.conclave.signaling.rpc;

import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.membership.ParticipantConnections;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.ParticipantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/** Every open socket on this node, and the participant each one speaks for. */
@Component
class RpcConnections implements ParticipantConnections {

    private final Map<String, RpcConnection> bySocket = new ConcurrentHashMap<>();
    private final Map<ParticipantId, RpcConnection> byParticipant = new ConcurrentHashMap<>();
    private final RpcNotifications notifications;
    private final Clock clock;

    RpcConnections(RpcNotifications notifications, MeterRegistry metrics, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
        Gauge.builder("conclave.connections", bySocket, Map::size)
                .description("Open signaling WebSocket connections on this node").register(metrics);
    }

    void opened(RpcConnection connection) {
        bySocket.put(connection.id(), connection);
    }

    void closed(RpcConnection connection) {
        bySocket.remove(connection.id());
    }

    RpcConnection bySocket(String socketId) {
        return bySocket.get(socketId);
    }

    Collection<RpcConnection> all() {
        return bySocket.values();
    }

    /**
     * From now on, events for the participant go to this connection. A connection that spoke for it until now
     * (the participant resumed on a new one before the old one was noticed dead) is let go.
     */
    void speaksFor(ParticipantId participant, RpcConnection connection) {
        RpcConnection previous = byParticipant.put(participant, connection);
        if (previous != null && previous != connection) {
            letGo(previous, CloseCodes.RESUMED_ELSEWHERE);
        }
    }

    void forget(ParticipantId participant, RpcConnection connection) {
        byParticipant.remove(participant, connection);
    }

    @Override
    public void deliver(RoomEvent event, Collection<ParticipantId> recipients) {
        TextMessage message = new TextMessage(notifications.encode(event));
        for (ParticipantId recipient : recipients) {
            RpcConnection connection = byParticipant.get(recipient);
            if (connection != null) {
                connection.sendEvent(message);
            }
        }
    }

    @Override
    public void disconnect(ParticipantId participant, LeaveReason reason) {
        RpcConnection connection = byParticipant.remove(participant);
        if (connection != null) {
            letGo(connection, CloseCodes.forRemoval(reason));
        }
    }

    @Override
    public void detach(ParticipantId participant) {
        RpcConnection connection = byParticipant.remove(participant);
        if (connection != null) {
            letGo(connection, CloseCodes.RESUMED_ELSEWHERE);
        }
    }

    /** Closes a connection whose participant the domain has already dealt with: its closing changes nothing more. */
    private void letGo(RpcConnection connection, CloseStatus status) {
        connection.leave(clock.instant());
        connection.close(status);
    }
}
