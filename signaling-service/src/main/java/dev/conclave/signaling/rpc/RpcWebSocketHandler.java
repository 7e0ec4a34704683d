package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.error.Outages;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.rpc.RpcConnection.Membership;
import dev.conclave.signaling.rpc.RpcRequest.JoinRoom;
import dev.conclave.signaling.text.WireText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The {@code /rpc} endpoint: one JSON-RPC 2.0 request per text frame, answered on the same socket. Frames are
 * size-checked, decoded strictly, dispatched, and every failure becomes a JSON-RPC error for this client alone.
 */
@Component
class RpcWebSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(RpcWebSocketHandler.class);
    /** What a join turned away because the node has too many in flight is told to wait. */
    private static final long JOIN_RETRY_AFTER_MS = 500;

    private final RpcCodec codec;
    private final RpcDispatcher dispatcher;
    private final RpcConnections connections;
    private final RpcShutdown shutdown;
    private final RpcProperties properties;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /**
     * SFU requests wait on media-service (and a media server); they run here, so that a socket's other requests —
     * its trickled ICE candidates, its subscriptions to several publishers — do not queue behind each other.
     */
    private final ThreadPoolExecutor mediaCalls = new ThreadPoolExecutor(32, 32, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(4096), new CustomizableThreadFactory("rpc-media-"));

    /**
     * Joins and resumes: they read the database and Redis and, in an SFU room, ask media-service for its publishers —
     * so they run here, never on a web-server thread, with what the connection sends meanwhile waiting behind them
     * ({@link RequestLane}).
     */
    private final ThreadPoolExecutor joins = new ThreadPoolExecutor(32, 32, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(4096), new CustomizableThreadFactory("rpc-join-"));

    RpcWebSocketHandler(RpcCodec codec, RpcDispatcher dispatcher, RpcConnections connections, RpcShutdown shutdown,
                        RpcProperties properties, MeterRegistry metrics, Clock clock) {
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.connections = connections;
        this.shutdown = shutdown;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        mediaCalls.allowCoreThreadTimeOut(true);
        joins.allowCoreThreadTimeOut(true);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        ClientInfo client = (ClientInfo) session.getAttributes().get(ClientInfoInterceptor.CLIENT_INFO);
        shutdown.turnedAway(connections.open(session, client));
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    /** The answer to our ping ({@link ConnectionLiveness}): the client is still there. */
    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage pong) {
        RpcConnection connection = connections.bySocket(session.getId());
        if (connection != null) {
            connection.heardAt(clock.instant());
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage part) {
        RpcConnection connection = connections.bySocket(session.getId());
        if (connection == null) {
            return;
        }
        connection.heardAt(clock.instant());
        String text;
        try {
            text = connection.assemble(part.getPayload(), part.isLast());
        } catch (PartialText.TooLarge e) {
            count("unparsed", "FRAME_TOO_LARGE");
            connection.abort(CloseStatus.TOO_BIG_TO_PROCESS);
            return;
        }
        if (text == null) {
            return;
        }
        if (WireText.utf8Length(text) > properties.maxMessageSize().toBytes()) {
            count("unparsed", ErrorCode.MESSAGE_TOO_LARGE.name());
            connection.send(codec.error(null, new ConclaveException(ErrorCode.MESSAGE_TOO_LARGE,
                    "frames are limited to " + properties.maxMessageSize().toBytes() + " bytes")));
            return;
        }
        RpcCall call;
        try {
            call = codec.decode(text);
        } catch (RpcDecodeException e) {
            count("unparsed", e.error().code().name());
            if (e.respond()) {
                connection.send(codec.error(e.id(), e.error()));
            }
            closeIfCredentialsRejected(connection, e.error());
            return;
        }
        Runnable request = call.request() instanceof RpcRequest.MediaRequest
                ? () -> handleAside(connection, call)
                : () -> handle(connection, call);
        boolean joining = call.request() instanceof JoinRoom || call.request() instanceof RpcRequest.ResumeRoom;
        switch (connection.lane().offer(request, joining, joins)) {
            case TAKEN -> {
            }
            case FULL -> refuse(connection, call, new ConclaveException(ErrorCode.RATE_LIMITED,
                    RpcConnection.MAX_WAITING_REQUESTS + " requests wait for this connection's join already; wait for "
                            + "its answer"));
            case POOL_FULL -> refuse(connection, call, new ConclaveException(ErrorCode.UNAVAILABLE,
                    "this node has too many joins in flight; try again in a moment",
                    Map.of("retryAfterMs", JOIN_RETRY_AFTER_MS)));
        }
    }

    private void refuse(RpcConnection connection, RpcCall call, ConclaveException refusal) {
        count(call.method(), refusal.code().name());
        if (call.expectsResponse()) {
            connection.send(codec.error(call.id(), refusal));
        }
    }

    private void handleAside(RpcConnection connection, RpcCall call) {
        try {
            mediaCalls.execute(() -> handle(connection, call));
        } catch (RejectedExecutionException e) {
            refuse(connection, call, new ConclaveException(ErrorCode.SFU_UNAVAILABLE,
                    "this node has too many media requests in flight; try again"));
        }
    }

    @PreDestroy
    void stopPools() {
        mediaCalls.shutdown();
        joins.shutdown();
    }

    private void handle(RpcConnection connection, RpcCall call) {
        boolean joining = call.request() instanceof JoinRoom || call.request() instanceof RpcRequest.ResumeRoom;
        if (joining) {
            if (!shutdown.mayAdmit()) {
                refuse(connection, call, new ConclaveException(ErrorCode.UNAVAILABLE,
                        "this node is stopping: reconnect, and join or resume on another",
                        Map.of("retryAfterMs", JOIN_RETRY_AFTER_MS)));
                return;
            }
            connection.joinAsked(clock.instant());
            connection.holdEvents();
        }
        Membership member = connection.membership();
        if (member != null) {
            MDC.put("room", member.roomId().value());
            MDC.put("participant", member.participantId().value());
        }
        long started = System.nanoTime();
        try {
            Object result = dispatcher.dispatch(connection, call.request());
            count(call.method(), "ok");
            if (call.expectsResponse()) {
                respond(connection, call, codec.result(call.id(), result));
            }
        } catch (ConclaveException e) {
            count(call.method(), e.code().name());
            if (call.expectsResponse()) {
                respond(connection, call, codec.error(call.id(), e));
            }
            closeIfCredentialsRejected(connection, e);
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                log.warn("{} on connection {} failed: a store is unavailable ({})", call.method(), connection.id(),
                        e.getMessage());
                ConclaveException unavailable = Outages.unavailable();
                count(call.method(), unavailable.code().name());
                if (call.expectsResponse()) {
                    respond(connection, call, codec.error(call.id(), unavailable));
                }
                return;
            }
            String reference = UUID.randomUUID().toString();
            log.error("Failed {} on connection {} (reference {})", call.method(), connection.id(), reference, e);
            count(call.method(), ErrorCode.INTERNAL_ERROR.name());
            if (call.expectsResponse()) {
                connection.send(codec.error(call.id(), new ConclaveException(
                        ErrorCode.INTERNAL_ERROR, "internal error (reference " + reference + ")")));
            }
        } finally {
            time(call.method(), System.nanoTime() - started);
            if (joining) {
                connection.releaseEvents();
                shutdown.admitted();
            }
            MDC.remove("room");
            MDC.remove("participant");
        }
    }

    /**
     * Sends the response — or, should it hold text UTF-8 cannot encode (a result carrying what another service said),
     * an internal error in its place, so the client is not left waiting for an answer the outbox would drop.
     */
    private void respond(RpcConnection connection, RpcCall call, String response) {
        if (WireText.encodable(response)) {
            connection.send(response);
            return;
        }
        String reference = UUID.randomUUID().toString();
        log.error("The response to {} on connection {} holds text UTF-8 cannot encode (reference {})", call.method(),
                connection.id(), reference);
        connection.send(codec.error(call.id(), new ConclaveException(ErrorCode.INTERNAL_ERROR,
                "internal error: the response could not be encoded (reference " + reference + ")")));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        RpcConnection connection = connections.bySocket(session.getId());
        if (connection != null) {
            connections.closed(connection);
            if (shutdown.settledClose(connection)) {
                return;
            }
            if (CloseCodes.isGoodbye(status)) {
                dispatcher.endStay(connection, LeaveReason.DISCONNECTED);
            } else {
                dispatcher.lose(connection);
            }
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable failure) {
        log.debug("Transport error on connection {}: {}", session.getId(), failure.getMessage());
    }

    private void closeIfCredentialsRejected(RpcConnection connection, ConclaveException failure) {
        if (failure.code().rejectsCredentials()) {
            connection.close(CloseCodes.forRejectedCredentials(failure.code()));
        }
    }

    /** How long each request took to handle, whatever its outcome: joins' latency, on the dashboard. */
    private void time(String method, long nanos) {
        timers.computeIfAbsent(RpcRequest.METHODS.containsKey(method) ? method : "other", known -> Timer
                .builder("conclave.rpc.duration").description("Time to handle a JSON-RPC request on this node")
                .tag("method", known).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(20)).register(metrics)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private void count(String method, String outcome) {
        String knownMethod = RpcRequest.METHODS.containsKey(method) ? method : "other";
        metrics.counter("conclave.rpc.requests", "method", knownMethod, "outcome", outcome).increment();
    }
}
