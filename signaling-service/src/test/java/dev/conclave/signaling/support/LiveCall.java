package dev.conclave.signaling.support;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.List;

/** What a fault test does to keep a call alive and to see that it goes on. */
public final class LiveCall {

    private LiveCall() {
    }

    /** Pages ping: a socket silent for 15 s is taken for dead. A notification, so no answer to read. */
    public static boolean keepAlive(List<RpcTestClient> listeners) {
        listeners.forEach(member -> member.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}"));
        return true;
    }

    /** Waits for this message, skipping others (earlier ones, or checks that also reached this member). */
    public static void awaitMessage(RpcTestClient to, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!to.awaitNotification("message", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                .get("text").asString().equals(text)) {
            // an earlier one
        }
    }
}
