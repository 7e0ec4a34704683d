package dev.conclave.bench.worker;

import dev.conclave.bench.client.RpcSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small rooms talking as mesh calls do: every member relays to a random peer of its room now and then — an offer of
 * a real SDP's size or an ICE candidate — and chats now and then. Receivers time each relay and chat delivery.
 * Every member of a room must be in this process (the coordinator hands out whole rooms).
 */
final class MeshActivity {

    record Outcome(long relaysSent, long relaysReceived, long chatsSent, long chatDeliveries, long errors,
                   Histogram relayLatency, Histogram chatLatency) {
    }

    private static final String SDP_PADDING = "a=candidate-free-line-of-a-typical-offer-with-codecs-and-extensions\r\n"
            .repeat(36);

    private final Histogram relayLatency = Histograms.micros();
    private final Histogram chatLatency = Histograms.micros();
    private final AtomicLong relaysSent = new AtomicLong();
    private final AtomicLong relaysReceived = new AtomicLong();
    private final AtomicLong chatsSent = new AtomicLong();
    private final AtomicLong chatDeliveries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running;

    /** Called for every notification frame while the activity runs. */
    void onFrame(String frame) {
        if (!running) {
            return;
        }
        long now = System.nanoTime();
        Markers.scan(frame, Markers.RELAY, (text, at) -> {
            relaysReceived.incrementAndGet();
            synchronized (relayLatency) {
                Histograms.recordNanos(relayLatency, now - Markers.number(text, at));
            }
        });
        Markers.scan(frame, Markers.CHAT, (text, at) -> {
            chatDeliveries.incrementAndGet();
            synchronized (chatLatency) {
                Histograms.recordNanos(chatLatency, now - Markers.number(text, at));
            }
        });
    }

    Outcome run(List<Member> members, long durationMillis, long relayEveryMillis, long chatEveryMillis)
            throws InterruptedException {
        Map<String, List<Member>> rooms = new HashMap<>();
        for (Member member : members) {
            rooms.computeIfAbsent(member.roomId(), room -> new ArrayList<>()).add(member);
        }
        running = true;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMillis);
        for (Member member : members) {
            List<Member> room = rooms.get(member.roomId());
            if (room.size() < 2) {
                continue;
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            repeat(member, end, relayEveryMillis, random.nextLong(relayEveryMillis), () -> relay(member, room));
            repeat(member, end, chatEveryMillis, random.nextLong(chatEveryMillis), () -> chat(member));
        }
        Thread.sleep(durationMillis + 2_000); // the last sends' deliveries
        running = false;
        return new Outcome(relaysSent.get(), relaysReceived.get(), chatsSent.get(), chatDeliveries.get(),
                errors.get(), relayLatency.copy(), chatLatency.copy());
    }

    private void repeat(Member member, long endNanos, long everyMillis, long firstDelay, Runnable action) {
        member.session().schedule(new Runnable() {
            @Override
            public void run() {
                if (System.nanoTime() < endNanos && member.session().isOpen()) {
                    action.run();
                    member.session().schedule(this, everyMillis);
                }
            }
        }, firstDelay);
    }

    private void relay(Member member, List<Member> room) {
        Member peer;
        do {
            peer = room.get(ThreadLocalRandom.current().nextInt(room.size()));
        } while (peer == member);
        ObjectNode payload = RpcSession.params();
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
            payload.put("type", "offer").put("sdp", "v=0\r\no=- " + Markers.stamp(Markers.RELAY) + " 2 IN IP4 127.0.0.1\r\n"
                    + SDP_PADDING);
        } else {
            payload.put("type", "candidate").set("candidate", RpcSession.params()
                    .put("candidate", "candidate:" + Markers.stamp(Markers.RELAY)
                            + " 1 udp 2122260223 192.0.2.10 54400 typ host generation 0")
                    .put("sdpMid", "0").put("sdpMLineIndex", 0));
        }
        relaysSent.incrementAndGet();
        count(member.session().call("relay", RpcSession.params().put("to", peer.participantId()).set("payload", payload)));
    }

    private void chat(Member member) {
        chatsSent.incrementAndGet();
        count(member.session().call("sendMessage", RpcSession.params().put("text", "hello " + Markers.stamp(Markers.CHAT))));
    }

    private void count(java.util.concurrent.CompletableFuture<tools.jackson.databind.JsonNode> response) {
        response.whenComplete((answer, failure) -> {
            if (failure != null || !answer.has("result")) {
                errors.incrementAndGet();
            }
        });
    }
}
