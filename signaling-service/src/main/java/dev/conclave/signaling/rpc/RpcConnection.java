package dev.conclave.signaling.rpc;

import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client's socket: what it has joined, when it was last heard from, and its {@link Outbox}, which many threads
 * may write to (responses from its own thread, room events from others) without ever waiting for the client.
 */
final class RpcConnection implements ChatFanout.Recipient {

    private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);
    /** Requests that may wait behind this connection's join while it runs off the web server's threads. */
    static final int MAX_WAITING_REQUESTS = 64;

    private final WebSocketSession session;
    private final Consumer<Runnable> afterLinger;
    private final Outbox outbox;
    private final PartialText partial;
    private final RequestLane lane = new RequestLane(MAX_WAITING_REQUESTS);
    private final ClientInfo client;
    private final Instant connectedAt;
    private volatile Instant lastHeard;
    /** When the last ping went out unanswered so far; {@code null} when the client has been heard since. */
    private volatile Instant pingedAt;
    private volatile Instant unjoinedSince;
    private volatile Membership membership;

    /** The room this connection is a participant of. */
    record Membership(RoomId roomId, ParticipantId participantId) {
    }

    RpcConnection(WebSocketSession session, Outbox.Sender sender, Outbox.Listener listener, ClientInfo client,
                  Instant connectedAt, long sendBufferLimitBytes, long maxFrameBytes, Consumer<Runnable> afterLinger) {
        this.session = session;
        this.partial = new PartialText(maxFrameBytes);
        this.afterLinger = afterLinger;
        this.outbox = new Outbox(sender, listener, sendBufferLimitBytes / 4, sendBufferLimitBytes);
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

    /** Adds a part of an incoming text message; the whole message once its last part is in, else {@code null}. */
    String assemble(String part, boolean last) throws PartialText.TooLarge {
        return partial.add(part, last);
    }

    /** Its requests, in the order they came. */
    RequestLane lane() {
        return lane;
    }

    /** Anything from the client — a message, a part of one, a pong — shows that its path is alive. */
    void heardAt(Instant now) {
        lastHeard = now;
        if (pingedAt != null) { // read, not written, on every frame of a busy connection
            pingedAt = null;
        }
    }

    /**
     * Pings the client when it has been silent for {@code interval} and was not pinged within it: a live client's
     * WebSocket answers by itself (browsers do), so no request per interval is needed from it.
     */
    void pingIfSilent(Instant now, Duration interval) {
        Instant pinged = pingedAt;
        if (lastHeard.plus(interval).isAfter(now) || (pinged != null && pinged.plus(interval).isAfter(now))) {
            return;
        }
        pingedAt = now;
        outbox.ping();
    }

    Membership membership() {
        return membership;
    }

    /**
     * A join or resume is being asked for: the join timeout counts from now. A client retrying after {@code
     * UNAVAILABLE} as told is not idle, and a join in flight is never cut by the timeout (which would leave a stay
     * admitted for a socket already closed).
     */
    synchronized void joinAsked(Instant now) {
        if (membership == null) {
            unjoinedSince = now;
        }
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
        outbox.hold();
    }

    /** Queues the held room events, in order, and stops holding. */
    void releaseEvents() {
        outbox.release();
    }

    /** A room event, encoded: held while a join is being answered; {@code droppable} when this client falls behind. */
    @Override
    public void sendChat(String frame) {
        sendEvent(frame, true);
    }

    void sendEvent(String frame, boolean droppable) {
        outbox.event(frame, droppable);
    }

    /** A response to this client's own request. */
    void send(String frame) {
        outbox.respond(frame);
    }

    /** Since when ({@link System#nanoTime()}) the oldest frame not yet delivered has waited; -1 if none. */
    long oldestUndeliveredNanos() {
        return outbox.oldestQueuedAtNanos();
    }

    /** Closes once what is already queued for the client has gone out (a last error or notification), and lingered. */
    void close(CloseStatus status) {
        outbox.closeAfterSending(() -> afterLinger.accept(() -> closeSocket(status)));
    }

    /** Closes at once, dropping what is queued: the client stopped reading. */
    void abort(CloseStatus status) {
        outbox.close();
        closeSocket(status);
    }

    private void closeSocket(CloseStatus status) {
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
