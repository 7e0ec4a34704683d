package dev.conclave.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC client over a real WebSocket (the JDK's), for protocol tests: calls wait for their response while
 * notifications queue up for the test to inspect.
 */
public final class RpcTestClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * The opening handshake's limit, as the page has one (5 s): a node that is stopping may take the TCP connection
     * and never answer the upgrade, and without a limit the gateway holds the client for its whole response timeout.
     */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket socket;

    private RpcTestClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT);
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Listener()).join();
    }

    public static RpcTestClient connect(int port) {
        return connect(port, Map.of());
    }

    public static RpcTestClient connect(int port, Map<String, String> headers) {
        return new RpcTestClient(URI.create("ws://127.0.0.1:" + port + "/rpc"), headers);
    }

    /** Sends a request and returns the whole response object (with result or error). */
    public JsonNode call(String method, Object params) {
        int id = ids.incrementAndGet();
        ObjectNode request = json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            request.set("params", json.valueToTree(params));
        }
        sendRaw(request.toString());
        JsonNode response = nextResponse();
        assertThat(response.get("id").asInt()).as("response id").isEqualTo(id);
        return response;
    }

    /**
     * Sends a request whose params are written as raw JSON (for text a JSON encoder would not write, such as the
     * escape of an unpaired surrogate) and returns the whole response.
     */
    public JsonNode callRaw(String method, String paramsJson) {
        int id = ids.incrementAndGet();
        sendRaw("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + json.writeValueAsString(method)
                + ",\"params\":" + paramsJson + "}");
        JsonNode response = nextResponse();
        assertThat(response.get("id").asInt()).as("response id").isEqualTo(id);
        return response;
    }

    /** Calls and asserts success, returning the result. */
    public JsonNode result(String method, Object params) {
        JsonNode response = call(method, params);
        assertThat(response.has("error")).as("error in %s", response).isFalse();
        return response.get("result");
    }

    /** Calls and asserts failure with the given code, returning the error object. */
    public JsonNode error(String method, Object params, int code) {
        return errorOf(call(method, params), code);
    }

    public JsonNode errorOf(JsonNode response, int code) {
        assertThat(response.has("error")).as("expected error %s in %s", code, response).isTrue();
        assertThat(response.get("error").get("code").asInt()).as("%s", response).isEqualTo(code);
        assertThat(response.get("error").get("message").asString()).isNotBlank();
        return response.get("error");
    }

    public JsonNode join(String room, String token) {
        return result("joinRoom", Map.of("roomId", room, "token", token));
    }

    public void sendRaw(String frame) {
        socket.sendText(frame, true).join();
    }

    public void sendBinary(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    /** The next response; fails at once if the socket closes with none left to read. */
    public JsonNode nextResponse() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                JsonNode next = responses.poll(50, TimeUnit.MILLISECONDS);
                if (next != null) {
                    return next;
                }
                if (closeCode.isDone() && responses.isEmpty()) {
                    throw new AssertionError("the socket closed (" + closeCode.join() + ") before a response");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no response within " + WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the next notification of this method, skipping (and keeping) others. */
    public JsonNode awaitNotification(String method) {
        return awaitNotification(method, WAIT);
    }

    public JsonNode awaitNotification(String method, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode next = notifications.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("no " + method + " notification within " + within + "; others: " + skipped);
                }
                if (next.get("method").asString().equals(method)) {
                    return next.get("params");
                }
                skipped.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            notifications.addAll(skipped);
        }
    }

    /** Asserts nothing of this method arrives within the time. */
    public void assertNoNotification(String method, Duration within) {
        try {
            JsonNode params = awaitNotification(method, within);
            throw new IllegalStateException("unexpected " + method + ": " + params);
        } catch (AssertionError expected) {
            // nothing came
        }
    }

    public List<JsonNode> drainNotifications() {
        List<JsonNode> drained = new ArrayList<>();
        notifications.drainTo(drained);
        return drained;
    }

    public int awaitCloseCode() {
        return closeCode.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Drops the TCP connection without a close handshake (like a pulled cable, as far as the server knows). */
    public void abort() {
        socket.abort();
    }

    /** Says goodbye (close frame 1000) and waits briefly for the server to answer it. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                closeCode.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already closed, or the server never answered: drop it anyway
            }
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = json.readTree(partial.toString());
                partial.setLength(0);
                // several notifications may come in one frame, as a JSON-RPC batch (busy rooms' chat)
                for (JsonNode message : frame.isArray() ? frame : List.of(frame)) {
                    (message.has("method") ? notifications : responses).add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
