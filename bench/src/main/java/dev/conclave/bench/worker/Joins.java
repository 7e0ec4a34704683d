package dev.conclave.bench.worker;

import dev.conclave.bench.client.RpcClient;
import dev.conclave.bench.client.RpcSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Connects and joins a range of the tokens file ({@code roomId<TAB>token} per line), measuring each join from the
 * start of the TCP connect to the {@code joinRoom} response. Joined members then behave as the page does: Netty
 * answers the server's WebSocket pings by itself, and a member asks the server ({@code ping}) only when it has heard
 * nothing for {@link RpcSession#SERVER_CHECK_INTERVALS} of the server's ping intervals (as the page does).
 */
final class Joins {

    /** {@code pingIntervalMillis}: how often the server pings a silent member (0 when none joined). */
    record Outcome(List<Member> joined, Histogram latency, int errors, List<String> errorSamples,
                   long pingIntervalMillis) {
    }

    private final RpcClient client;
    private final RpcSession.Listener listener;

    Joins(RpcClient client, RpcSession.Listener listener) {
        this.client = client;
        this.listener = listener;
    }

    Outcome run(URI url, Path tokensFile, int from, int count, int concurrency, boolean asPage)
            throws IOException, InterruptedException {
        List<String[]> tokens = new ArrayList<>();
        List<String> lines = Files.readAllLines(tokensFile);
        for (String line : lines.subList(from, Math.min(lines.size(), from + count))) {
            tokens.add(line.split("\t", 2));
        }
        Histogram latency = Histograms.micros();
        Queue<Member> joined = new ConcurrentLinkedQueue<>();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger errorCount = new AtomicInteger();
        AtomicLong pingInterval = new AtomicLong();
        Semaphore permits = new Semaphore(concurrency <= 0 ? Integer.MAX_VALUE : concurrency);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String[] token : tokens) {
            permits.acquire();
            long start = System.nanoTime();
            CompletableFuture<Void> one = client.connect(url, listener)
                    .thenCompose(session -> session.call("joinRoom",
                                    RpcSession.params().put("roomId", token[0]).put("token", token[1]))
                            .thenAccept(response -> {
                                long took = System.nanoTime() - start;
                                JsonNode result = response.get("result");
                                if (result == null) {
                                    throw new IllegalStateException("joinRoom refused: " + response.get("error"));
                                }
                                synchronized (latency) {
                                    Histograms.recordNanos(latency, took);
                                }
                                Member member = new Member(session, token[0],
                                        result.get("participant").get("id").asString());
                                session.attach(member);
                                joined.add(member);
                                pingInterval.set(result.get("pingIntervalMs").asLong());
                                if (asPage) {
                                    checkWhenQuiet(session, pingInterval.get());
                                }
                            }))
                    .handle((ignored, failure) -> {
                        permits.release();
                        if (failure != null) {
                            errorCount.incrementAndGet();
                            if (errors.size() < 5) {
                                errors.add(String.valueOf(failure.getCause() != null ? failure.getCause() : failure));
                            }
                        }
                        return null;
                    });
            all.add(one);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return new Outcome(new ArrayList<>(joined), latency, errorCount.get(), new ArrayList<>(errors),
                pingInterval.get());
    }

    /** The page's check of a quiet server: looked at every ping interval, first at a random moment. */
    private static void checkWhenQuiet(RpcSession session, long pingIntervalMillis) {
        long every = pingIntervalMillis;
        long quietLimitNanos = pingIntervalMillis * RpcSession.SERVER_CHECK_INTERVALS * 1_000_000;
        session.schedule(new Runnable() {
            @Override
            public void run() {
                if (session.isOpen()) {
                    if (session.quietNanos() >= quietLimitNanos) {
                        session.call("ping", null);
                    }
                    session.schedule(this, every);
                }
            }
        }, ThreadLocalRandom.current().nextLong(every));
    }
}
