package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.support.NonReadingClient;
import dev.conclave.testing.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@DisplayName("a member that never reads (send time limit 2 s)")
class SlowConsumerIT extends SignalingIT {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}";

    @Autowired
    MeterRegistry metrics;

    @Test
    @DisplayName("does not delay delivery to the others; its chat is dropped, then it is given up as stuck")
    void doesNotDelayOthers() throws Exception {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        try (NonReadingClient slow = new NonReadingClient(port)) {
            slow.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"joinRoom\",\"params\":{\"roomId\":\"" + room
                    + "\",\"token\":\"" + TOKENS.token(room, "sloth", "Sloth") + "\"}}");
            String slowId = ada.client().awaitNotification("participantJoined").get("participant").get("id").asString();

            // Both keep saying they are alive (a ping without id gets no answer): only falling behind may end them.
            ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
            pinger.scheduleAtFixedRate(() -> {
                try {
                    ada.client().sendRaw(PING);
                    slow.send(PING);
                } catch (Exception stopped) {
                    // the connection is gone; the assertions below say whether that was right
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"));
            String big = "x".repeat(1_900);
            int messages = 3_000;
            long slowestPost = 0;
            for (int i = 0; i < messages; i++) {
                long started = System.nanoTime();
                api.post("/api/v1/rooms/" + room + "/messages", "{\"text\": \"" + i + " " + big + "\"}").expect(201);
                slowestPost = Math.max(slowestPost, System.nanoTime() - started);
            }

            Set<String> received = new HashSet<>();
            while (received.size() < messages) {
                JsonNode message = ada.client().awaitNotification("message", Duration.ofSeconds(10));
                received.add(message.get("id").asString());
            }
            assertThat(Duration.ofNanos(slowestPost)).as("slowest send to the room").isLessThan(Duration.ofSeconds(1));
            assertThat(metrics.counter("conclave.rpc.dropped", "kind", "chat").count()).isPositive();

            JsonNode lost = ada.client().awaitNotification("participantReconnecting", Duration.ofSeconds(6));
            assertThat(lost.get("participantId").asString()).isEqualTo(slowId);
            assertThat(metrics.counter("conclave.rpc.stuck").count()).isPositive();
            pinger.shutdownNow();
        }
    }
}
