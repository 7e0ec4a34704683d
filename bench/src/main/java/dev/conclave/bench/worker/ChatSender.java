package dev.conclave.bench.worker;

import dev.conclave.bench.client.RpcSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** One member sends {@code count} tracked chat messages at a steady rate and waits for every response. */
final class ChatSender {

    record Outcome(int sent, int accepted, int refused, List<String> refusals, long elapsedNanos) {
    }

    private ChatSender() {
    }

    static Outcome send(RpcSession session, String tag, int count, double perSecond) throws InterruptedException {
        List<CompletableFuture<JsonNode>> responses = new ArrayList<>(count);
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long tickNanos = Math.max(1_000_000L, (long) (1e9 / perSecond));
        ticker.scheduleAtFixedRate(() -> {
            long due = Math.min(count, 1 + (long) ((System.nanoTime() - start) * perSecond / 1e9));
            while (sent.get() < due) {
                int seq = sent.getAndIncrement();
                responses.add(session.call("sendMessage", RpcSession.params().put("text", Markers.fanout(tag, seq))));
            }
            if (sent.get() >= count) {
                done.complete(null);
            }
        }, 0, tickNanos, TimeUnit.NANOSECONDS);
        done.join();
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        int accepted = 0;
        int refused = 0;
        List<String> refusals = new ArrayList<>();
        for (CompletableFuture<JsonNode> response : responses) {
            JsonNode answer;
            try {
                answer = response.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                refused++;
                if (refusals.size() < 5) {
                    refusals.add(e.toString());
                }
                continue;
            }
            if (answer.has("result")) {
                accepted++;
            } else {
                refused++;
                if (refusals.size() < 5) {
                    refusals.add(answer.get("error").toString());
                }
            }
        }
        return new Outcome(count, accepted, refused, refusals, elapsed);
    }
}
