package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.faults.FaultProxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("auto-leave (ping interval 0.5 s × 3, resume grace 1 s)")
class AutoLeaveIT extends SignalingIT {

    @Test
    @DisplayName("a socket closed with a goodbye (closing tab) leaves at once, reason disconnected, session closed")
    void closedSocket() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        bob.client().close();

        JsonNode left = ada.client().awaitNotification("participantLeft", Duration.ofSeconds(1));
        assertThat(left.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(left.get("reason").asString()).isEqualTo("disconnected");
        ada.client().assertNoNotification("participantReconnecting", Duration.ofMillis(100));
        Map<String, Object> session = jdbc.queryForMap(
                "SELECT left_at, leave_reason FROM participant_session WHERE id = ?", bob.participantId());
        assertThat(session.get("left_at")).isNotNull();
        assertThat(session.get("leave_reason")).isEqualTo("disconnected");
    }

    @Test
    @DisplayName("a dropped TCP connection is seen reconnecting at once, and leaves (timeout) when the grace is over")
    void droppedConnection() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        long dropped = System.nanoTime();

        bob.client().abort();

        assertThat(ada.client().awaitNotification("participantReconnecting", Duration.ofSeconds(2))
                .get("participantId").asString()).isEqualTo(bob.participantId());
        JsonNode left = ada.client().awaitNotification("participantLeft", Duration.ofSeconds(4));
        assertThat(left.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(left.get("reason").asString()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(jdbc.queryForObject("SELECT leave_reason FROM participant_session WHERE id = ?", String.class,
                bob.participantId())).isEqualTo("timeout");
    }

    @Test
    @DisplayName("a participant whose network path goes dead (no pong to the server's pings) is closed with 4002 "
            + "after three intervals, then loses its place")
    void deadPath() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        try (FaultProxy path = FaultProxy.start("bob-path", port)) {
            RpcTestClient bob = RpcTestClient.connect(path.port());
            String bobId = bob.join(room, TOKENS.token(room, "bob", "Bob")).get("participant").get("id").asString();
            ada.client().awaitNotification("participantJoined");
            long start = System.nanoTime();

            path.stall(); // the server's pings wait in the proxy: no pong comes back, and no close frame either

            JsonNode reconnecting = ada.client().awaitNotification("participantReconnecting", Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(reconnecting.get("participantId").asString()).isEqualTo(bobId);
            assertThat(took).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(3_000));
            assertThat(ada.client().awaitNotification("participantLeft", Duration.ofSeconds(3)).get("reason").asString())
                    .isEqualTo("timeout");
            path.restore(); // what waited reaches Bob, the close last
            assertThat(bob.awaitCloseCode()).isEqualTo(4002);
        }
    }

    @Test
    @DisplayName("a participant that sends nothing stays: its WebSocket answers the server's pings by itself")
    void silentButAlive() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        sleep(3_000); // six ping intervals, twice the silence limit, with not a request from either

        ada.client().assertNoNotification("participantReconnecting", Duration.ofMillis(100));
        assertThat(bob.client().isClosed()).isFalse();
        RpcTestClient check = connect();
        JsonNode joined = check.join(room, TOKENS.token(room, "checker", "Checker"));
        assertThat(joined.get("participants")).hasSize(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
