package dev.conclave.signaling.rpc;

import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * One client's socket: what it has joined, when it was last heard from, and an outgoing side that many threads may
 * write to (responses from its own thread, room events from others). While a join is being answered, room events
 * are held back so the client always learns it joined before it hears from the room.
 */
final class RpcConnection {

    private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);

    private final WebSocketSession session;
    private final ClientInfo client;
    private final Instant connectedAt;
    private final Object holdLock = new Object();
    private List<TextMessage> held;
    private volatile Instant lastHeard;
    private volatile Instant unjoinedSince;
    private volatile Membership membership;

    /** The room this connection is a participant of. */
    record Membership(RoomId roomId, ParticipantId participantId) {
    }

    RpcConnection(WebSocketSession session, ClientInfo client, Instant connectedAt, int sendTimeLimitMillis,
                  int sendBufferLimitBytes) {
        this.session = new ConcurrentWebSocketSessionDecorator(session, sendTimeLimitMillis, sendBufferLimitBytes);
        this.client = client;
        this.connectedAt = connectedAt;
        this.lastHeard = connectedAt;
        this.unjoinedSince = connectedAt;
    }

    String id() {
        return session.getId();
    }

    ClientInfo client() {
        return client;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    /** Since when the connection has been in no room: it must join within the join timeout of this. */
    Instant unjoinedSince() {
        return unjoinedSince;
    }

    Instant lastHeard() {
        return lastHeard;
    }

    void heardAt(Instant now) {
        lastHeard = now;
    }

    Membership membership() {
        return membership;
    }

    synchronized void joined(Membership joined) {
        membership = joined;
    }

    /** Forgets the membership, returning it (or {@code null}) so exactly one caller acts on the leave. */
    synchronized Membership leave(Instant now) {
        Membership left = membership;
        membership = null;
        unjoinedSince = now;
        return left;
    }

    /** Starts holding room events back until {@link #releaseEvents()}. */
    void holdEvents() {
        synchronized (holdLock) {
            held = new ArrayList<>();
        }
    }

    /** Sends the held room events, in order, and stops holding. */
    void releaseEvents() {
        synchronized (holdLock) {
            List<TextMessage> toSend = held;
            held = null;
            if (toSend != null) {
                toSend.forEach(this::send);
            }
        }
    }

    /** A room event: held while a join is being answered, else sent. */
    void sendEvent(TextMessage message) {
        synchronized (holdLock) {
            if (held != null) {
                held.add(message);
                return;
            }
        }
        send(message);
    }

    /** A response to this client's own request. */
    void send(TextMessage message) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(message);
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to connection {}: {}", id(), e.getMessage());
        }
    }

    void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not close connection {} cleanly: {}", id(), e.getMessage());
        }
    }

    boolean isOpen() {
        return session.isOpen();
    }
}
