package dev.conclave.bench.worker;

import dev.conclave.bench.client.RpcClient;
import dev.conclave.bench.client.RpcSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A load-generator process: holds up to ~19,000 participant sockets (the per-process open-file limit is 20,000) on
 * one loopback source address, and does what the coordinator asks, one command per line on standard input, one JSON
 * reply per line on standard output. Logs go to standard error.
 *
 * <p>Commands: {@code join}, {@code track}, {@code chat}, {@code collect}, {@code mesh}, {@code close}, {@code exit}.
 */
public final class LoadWorker {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RpcClient client;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, FanoutTracker> trackers = new ConcurrentHashMap<>();
    private volatile MeshActivity mesh;
    private final PrintStream replies;

    private LoadWorker(RpcClient client, PrintStream replies) {
        this.client = client;
        this.replies = replies;
    }

    /** {@code worker <source address> <event-loop threads>} */
    public static void main(String[] args) throws Exception {
        PrintStream replies = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        try (RpcClient client = new RpcClient(Integer.parseInt(args[1]), InetAddress.getByName(args[0]))) {
            new LoadWorker(client, replies).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        System.exit(0);
    }

    private void serve(BufferedReader commands) throws Exception {
        String line;
        while ((line = commands.readLine()) != null) {
            JsonNode command = JSON.readTree(line);
            String name = command.get("cmd").asString();
            ObjectNode reply = JSON.createObjectNode().put("reply", name);
            try {
                switch (name) {
                    case "join" -> join(command, reply);
                    case "track" -> trackers.put(command.get("tag").asString(),
                            new FanoutTracker(command.get("tag").asString(), command.get("messages").asInt()));
                    case "chat" -> chat(command, reply);
                    case "collect" -> collect(command, reply);
                    case "mesh" -> mesh(command, reply);
                    case "close" -> close(reply);
                    case "exit" -> {
                        close(reply);
                        replies.println(reply);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command " + name);
                }
            } catch (Exception e) {
                e.printStackTrace();
                reply.put("failure", e.toString());
            }
            replies.println(reply);
        }
    }

    private final RpcSession.Listener listener = new RpcSession.Listener() {
        @Override
        public void onNotifications(RpcSession session, String frame) {
            if (!trackers.isEmpty() && frame.contains(Markers.FANOUT)) {
                long now = System.nanoTime();
                Markers.scan(frame, Markers.FANOUT, (text, at) -> {
                    int tagEnd = text.indexOf('~', at);
                    FanoutTracker tracker = trackers.get(text.substring(at, tagEnd));
                    if (tracker != null) {
                        int seqEnd = text.indexOf('~', tagEnd + 1);
                        int seq = (int) Markers.number(text, tagEnd + 1);
                        tracker.record(seq, now - Markers.number(text, seqEnd + 1));
                    }
                });
            }
            MeshActivity activity = mesh;
            if (activity != null) {
                activity.onFrame(frame);
            }
        }
    };

    private void join(JsonNode command, ObjectNode reply) throws Exception {
        Joins.Outcome outcome = new Joins(client, listener).run(URI.create(command.get("url").asString()),
                Path.of(command.get("tokens").asString()), command.get("from").asInt(), command.get("count").asInt(),
                command.get("concurrency").asInt(), command.get("asPage").asBoolean());
        synchronized (members) {
            members.addAll(outcome.joined());
        }
        reply.put("joined", outcome.joined().size()).put("errors", outcome.errors())
                .put("latency", Histograms.encode(outcome.latency()))
                .put("pingIntervalMs", outcome.pingIntervalMillis());
        ArrayNode samples = reply.putArray("errorSamples");
        outcome.errorSamples().forEach(samples::add);
    }

    private void chat(JsonNode command, ObjectNode reply) throws InterruptedException {
        Member sender = members.get(command.get("member").asInt());
        ChatSender.Outcome outcome = ChatSender.send(sender.session(), command.get("tag").asString(),
                command.get("count").asInt(), command.get("rate").asDouble());
        reply.put("sent", outcome.sent()).put("accepted", outcome.accepted()).put("refused", outcome.refused())
                .put("elapsedNanos", outcome.elapsedNanos());
        ArrayNode samples = reply.putArray("refusals");
        outcome.refusals().forEach(samples::add);
    }

    /** Waits until every receiver here has every tracked message, or the wait is over, then reports. */
    private void collect(JsonNode command, ObjectNode reply) throws InterruptedException {
        FanoutTracker tracker = trackers.get(command.get("tag").asString());
        long expected = command.get("expected").asLong();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(command.get("waitMillis").asLong());
        while (tracker.total() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        trackers.remove(tracker.tag());
        reply.put("deliveries", tracker.total()).put("latency", Histograms.encode(tracker.deliveries()));
        ArrayNode slowest = reply.putArray("slowestMicros");
        for (long micros : tracker.slowestMicros()) {
            slowest.add(micros);
        }
        ArrayNode received = reply.putArray("received");
        for (int count : tracker.received()) {
            received.add(count);
        }
    }

    private void mesh(JsonNode command, ObjectNode reply) throws InterruptedException {
        MeshActivity activity = new MeshActivity();
        mesh = activity;
        MeshActivity.Outcome outcome = activity.run(List.copyOf(members), command.get("durationMillis").asLong(),
                command.get("relayEveryMillis").asLong(), command.get("chatEveryMillis").asLong());
        mesh = null;
        reply.put("relaysSent", outcome.relaysSent()).put("relaysReceived", outcome.relaysReceived())
                .put("chatsSent", outcome.chatsSent()).put("chatDeliveries", outcome.chatDeliveries())
                .put("errors", outcome.errors())
                .put("relayLatency", Histograms.encode(outcome.relayLatency()))
                .put("chatLatency", Histograms.encode(outcome.chatLatency()));
    }

    private void close(ObjectNode reply) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (members) {
            members.forEach(member -> closing.add(member.session().close()));
            members.clear();
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            reply.put("failure", "not every socket closed within 20 s");
        }
        reply.put("closed", closing.size());
    }
}
