package dev.conclave.bench.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One participant's socket: requests get their responses as futures, everything else (notifications, one per frame
 * or a batch of them) goes to the listener as the raw frame text, so a load generator can scan it without parsing.
 */
public final class RpcSession extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** What a session hears besides responses; called on the session's event-loop thread. */
    public interface Listener {
        void onNotifications(RpcSession session, String frame);

        default void onClosed(RpcSession session) {
        }
    }

    /** As the page's {@code SERVER_CHECK_INTERVALS}: quiet for this many server ping intervals, a member pings. */
    public static final int SERVER_CHECK_INTERVALS = 3;

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String RESPONSE_PREFIX = "{\"jsonrpc\":\"2.0\",\"id\":";

    private final Listener listener;
    private final CompletableFuture<Void> handshake = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Channel channel;
    /** When the last text frame came ({@link System#nanoTime()}): what the page can see of the server. */
    private volatile long lastHeardNanos = System.nanoTime();
    /** Set by the user of the session: which participant, room, etc. it is. */
    private volatile Object attachment;

    RpcSession(Listener listener) {
        this.listener = listener;
    }

    CompletableFuture<Void> handshake() {
        return handshake;
    }

    /** Sends a request; the future completes with the whole response ({@code result} or {@code error}). */
    public CompletableFuture<JsonNode> call(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        Channel open = channel;
        if (open == null || !open.isActive()) {
            pending.remove(id);
            response.completeExceptionally(new ClosedChannelException());
            return response;
        }
        open.writeAndFlush(new TextWebSocketFrame(request.toString())).addListener(written -> {
            if (!written.isSuccess()) {
                CompletableFuture<JsonNode> failed = pending.remove(id);
                if (failed != null) {
                    failed.completeExceptionally(written.cause());
                }
            }
        });
        return response;
    }

    public static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Sends a clean close frame (1000) and waits for the socket to go. */
    public CompletableFuture<Void> close() {
        Channel open = channel;
        if (open != null && open.isActive()) {
            open.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
            open.eventLoop().schedule(() -> open.close(), 5, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            closed.complete(null);
        }
        return closed;
    }

    public boolean isOpen() {
        Channel open = channel;
        return open != null && open.isActive();
    }

    /** Runs {@code task} on this session's event-loop thread after {@code delayMillis}. */
    public void schedule(Runnable task, long delayMillis) {
        Channel open = channel;
        if (open != null) {
            open.eventLoop().schedule(task, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    public void attach(Object value) {
        attachment = value;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        channel = context.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            handshake.complete(null);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            handshake.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(context, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            lastHeardNanos = System.nanoTime();
            String body = text.text();
            if (body.startsWith(RESPONSE_PREFIX)) {
                onResponse(body);
            } else {
                listener.onNotifications(this, body);
            }
        } else if (frame instanceof CloseWebSocketFrame) {
            context.close();
        }
    }

    /** How long since the server last sent a text frame (its pings, answered by Netty itself, do not count). */
    public long quietNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    private void onResponse(String body) {
        JsonNode response = JSON.readTree(body);
        CompletableFuture<JsonNode> waiting = pending.remove(response.get("id").asLong());
        if (waiting != null) {
            waiting.complete(response);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        handshake.completeExceptionally(new ClosedChannelException());
        pending.values().forEach(waiting -> waiting.completeExceptionally(new ClosedChannelException()));
        pending.clear();
        closed.complete(null);
        listener.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        handshake.completeExceptionally(cause);
        context.close();
    }
}
