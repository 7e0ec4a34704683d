package dev.conclave.media.kurento;

import dev.conclave.media.kurento.KmsExchange.Frame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays a {@link KmsExchange} back to the Kurento adapter as if it were the media server it was recorded from.
 * Each request the adapter sends must be the next recorded request: the same method and the same params. The ids
 * KMS generated (session, pipelines, endpoints, subscriptions) reach the adapter only through the replayed answers,
 * so an adapter that works echoes exactly the recorded values; only the JSON-RPC id of each request is its own, and
 * the recorded answer goes back with it. The session id may be on a request that had none in the recording (see
 * {@link #withoutSession}), but it must be the recorded one. The server's frames that follow a request in the
 * recording (its answer, the events KMS sent meanwhile) go out in their recorded order before the next request is
 * awaited. The Kurento client's heartbeat ({@code ping}) goes by its clock, not by the adapter's calls: it is
 * answered whenever it comes, with the answer KMS gave it.
 *
 * <p>A request that is not the next one recorded is answered with a JSON-RPC error and noted; {@link #verify}
 * fails with every such problem and with any recorded request that was never made.
 */
final class KmsReplayServer extends WebSocketServer implements AutoCloseable {

    /** JSON-RPC "server error" range; KMS's own codes are 40000 and up, so this one cannot be mistaken for one. */
    static final int MISMATCH = -32099;

    private final KmsExchange exchange;
    private final List<Frame> frames;
    private final Set<String> sessions;
    private final Map<Long, JsonNode> requestIds = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final long startedAt = System.nanoTime();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Object lock = new Object();
    private int next;
    private int connections;

    private KmsReplayServer(KmsExchange exchange) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.exchange = exchange;
        this.frames = exchange.conversation();
        this.sessions = exchange.frames().stream().filter(frame -> !frame.toKms())
                .map(frame -> frame.message().path("result").path("sessionId").asString(""))
                .filter(session -> !session.isEmpty()).collect(Collectors.toSet());
        setReuseAddr(true);
    }

    static KmsReplayServer playing(KmsExchange exchange) throws InterruptedException {
        KmsReplayServer server = new KmsReplayServer(exchange);
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the replay server did not start");
        }
        return server;
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + getPort() + "/kurento");
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket adapter, ClientHandshake handshake) {
        synchronized (lock) {
            if (++connections > 1) {
                problems.add("the adapter opened connection " + connections + "; the recording has one");
            }
            sendUntilNextRequest(adapter);
        }
    }

    @Override
    public void onMessage(WebSocket adapter, String text) {
        synchronized (lock) {
            answer(adapter, text);
        }
    }

    private void answer(WebSocket adapter, String text) {
        JsonNode request = KmsExchange.parse(text);
        JsonNode id = request.get("id");
        note("got " + summary(request));
        if ("ping".equals(request.path("method").asString(""))) {
            heartbeat(adapter, id);
            return;
        }
        if (next >= frames.size() || !frames.get(next).toKms()) {
            refuse(adapter, id, "the recording has no more requests, but the adapter sent " + brief(request));
            return;
        }
        Frame expected = frames.get(next);
        if (!expected.method().equals(request.path("method").asString(""))
                || !withoutSession(expected.message().path("params")).equals(withoutSession(request.path("params")))
                || !knownSession(request.path("params"))) {
            refuse(adapter, id, "request " + (requestNumber() + 1) + " differs from the recording:\n  expected "
                    + brief(expected.message()) + "\n  but got  " + brief(request));
            return;
        }
        expected.id().ifPresent(recorded -> requestIds.put(recorded, id));
        next++;
        sendUntilNextRequest(adapter);
        lock.notifyAll();
    }

    @Override
    public void onClose(WebSocket adapter, int code, String reason, boolean remote) {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void onError(WebSocket adapter, Exception e) {
        synchronized (lock) {
            problems.add("replay server error: " + e);
        }
        started.countDown();
    }

    /**
     * Waits until every recorded request was made, then fails with what went wrong: requests that differ from the
     * recording or come after its end, and recorded requests the adapter never made.
     */
    void verify(Duration patience) throws InterruptedException {
        synchronized (lock) {
            check(patience);
        }
    }

    private void check(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (hasRequestsLeft() && problems.isEmpty() && System.nanoTime() < deadline) {
            lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        List<String> all = new ArrayList<>(problems);
        frames.subList(Math.min(next, frames.size()), frames.size()).stream().filter(Frame::toKms).findFirst()
                .ifPresent(missing -> all.add("the adapter never made recorded request " + (requestNumber() + 1)
                        + " of " + exchange.requests().size() + ": " + brief(missing.message())));
        if (!all.isEmpty()) {
            throw new AssertionError("replay of '" + exchange.scenario() + "' (KMS " + exchange.kmsVersion() + "):\n"
                    + String.join("\n", all) + "\nwhat the replay got and sent:\n" + String.join("\n", trace));
        }
    }

    /** What the replay got and sent so far, with milliseconds since it started: to read when a test failed. */
    String trace() {
        synchronized (lock) {
            return String.join("\n", trace);
        }
    }

    private void note(String event) {
        trace.add("+" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms " + event);
    }

    private static String summary(JsonNode message) {
        return new Frame(KmsExchange.TO_KMS, 0, message).summary().substring(KmsExchange.TO_KMS.length() + 1)
                + (message.has("id") ? " #" + message.get("id") : "");
    }

    /** How many recorded requests were made so far. */
    int requestsMade() {
        synchronized (lock) {
            return requestNumber();
        }
    }

    private int requestNumber() {
        return (int) frames.subList(0, next).stream().filter(Frame::toKms).count();
    }

    private boolean hasRequestsLeft() {
        return frames.subList(next, frames.size()).stream().anyMatch(Frame::toKms);
    }

    private void sendUntilNextRequest(WebSocket adapter) {
        while (next < frames.size() && !frames.get(next).toKms()) {
            JsonNode message = frames.get(next++).message();
            JsonNode recordedId = message.get("id");
            if (recordedId != null && !message.has("method") && requestIds.containsKey(recordedId.asLong())) {
                ObjectNode answer = (ObjectNode) message.deepCopy();
                answer.set("id", requestIds.get(recordedId.asLong()));
                message = answer;
            }
            adapter.send(KmsExchange.text(message));
            note("sent " + summary(message));
        }
    }

    /**
     * Params without the session id. The client sends the one KMS gave it in its latest answer, and whether the
     * first request carries one depends on whether the heartbeat's answer came first: only its value is checked.
     */
    private static JsonNode withoutSession(JsonNode params) {
        if (!params.isObject() || !params.has("sessionId")) {
            return params;
        }
        ObjectNode copy = (ObjectNode) params.deepCopy();
        copy.remove("sessionId");
        return copy;
    }

    private boolean knownSession(JsonNode params) {
        return !params.has("sessionId") || sessions.contains(params.path("sessionId").asString());
    }

    /** The client's keep-alive goes by the clock: answered whenever it comes, with the pong KMS gave. */
    private void heartbeat(WebSocket adapter, JsonNode id) {
        exchange.pong().ifPresentOrElse(pong -> {
            ObjectNode answer = (ObjectNode) pong.deepCopy();
            answer.set("id", id);
            adapter.send(KmsExchange.text(answer));
            note("sent pong " + id);
        }, () -> refuse(adapter, id, "the adapter sent a heartbeat (ping), but the recording has none"));
    }

    private void refuse(WebSocket adapter, JsonNode id, String problem) {
        problems.add(problem);
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", id);
        error.putObject("error").put("code", MISMATCH).put("message", "replay: " + problem);
        adapter.send(KmsExchange.text(error));
        lock.notifyAll();
    }

    /** A message with its long strings (SDP) cut, for failure messages. */
    private static String brief(JsonNode message) {
        String text = KmsExchange.text(message).replaceAll("\"(v=0[^\"]{0,60})[^\"]*\"", "\"$1…\"");
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }
}
