package dev.conclave.signaling.support;

import dev.conclave.testing.Pause;
import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * A client that keeps asking to join while a store is away, as the page does: on {@code UNAVAILABLE} it waits the
 * {@code retryAfterMs} it was told and asks again on the same socket, until it is in. Every answer is kept, with how
 * long it took, so a test can say that nothing but the documented retryable error came back and nothing hung.
 */
public final class RetryingJoin implements AutoCloseable {

    /** One answer to {@code joinRoom}: how long it took and what it was ({@code ok}, or the error's name). */
    public record Attempt(long startedNanos, long tookMillis, String outcome, long retryAfterMs) {
    }

    private final Supplier<RpcTestClient> connect;
    private volatile RpcTestClient client;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> joined = new CompletableFuture<>();
    private volatile long joinedAtNanos;
    private final Thread thread;

    private RetryingJoin(Supplier<RpcTestClient> connect, String room, String token) {
        this.connect = connect;
        this.thread = new Thread(() -> run(room, token), "retrying-join");
        thread.setDaemon(true);
    }

    /**
     * Starts asking at once, on its own thread, on a socket from {@code connect} — and on a new one whenever the node
     * closed the last (a socket that has not joined is closed after the join timeout, 10 s).
     */
    public static RetryingJoin start(Supplier<RpcTestClient> connect, String room, String token) {
        RetryingJoin join = new RetryingJoin(connect, room, token);
        join.thread.start();
        return join;
    }

    private void run(String room, String token) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (client == null || client.isClosed()) {
                    client = connect.get();
                }
                long started = System.nanoTime();
                JsonNode response;
                try {
                    response = client.call("joinRoom", Map.of("roomId", room, "token", token));
                } catch (AssertionError closed) {
                    if (client.isClosed()) {
                        continue; // the join timeout closed the socket just as it asked: ask again on a new one
                    }
                    throw closed;
                }
                long took = (System.nanoTime() - started) / 1_000_000;
                if (!response.has("error")) {
                    joinedAtNanos = System.nanoTime();
                    attempts.add(new Attempt(started, took, "ok", 0));
                    joined.complete(response.get("result"));
                    return;
                }
                JsonNode error = response.get("error");
                JsonNode data = error.path("data");
                long retryAfter = data.path("retryAfterMs").asLong(0);
                attempts.add(new Attempt(started, took, data.path("name").asString(String.valueOf(error.get("code"))),
                        retryAfter));
                if (!"UNAVAILABLE".equals(data.path("name").asString(""))) {
                    joined.completeExceptionally(new AssertionError("joinRoom answered " + response));
                    return;
                }
                Pause.of(Duration.ofMillis(Math.max(retryAfter, 1)));
            }
        } catch (Throwable e) {
            joined.completeExceptionally(e);
        }
    }

    /** The join's result, once in (fails if an answer was anything but success or {@code UNAVAILABLE}). */
    public JsonNode awaitJoined(Duration within) throws Exception {
        return joined.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public boolean isJoined() {
        return joined.isDone() && !joined.isCompletedExceptionally();
    }

    /** When the successful answer came ({@link System#nanoTime()}). */
    public long joinedAtNanos() {
        return joinedAtNanos;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public RpcTestClient client() {
        return client;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
