package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("auto-leave (ping interval 0.5 s, 3 missed pings)")
class AutoLeaveIT extends SignalingIT {

    @Test
    @DisplayName("a closed socket leaves at once, reason disconnected, and the session is closed")
    void closedSocket() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        bob.client().close();

        JsonNode left = ada.client().awaitNotification("participantLeft", Duration.ofSeconds(2));
        assertThat(left.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(left.get("reason").asString()).isEqualTo("disconnected");
        Map<String, Object> session = jdbc.queryForMap(
                "SELECT left_at, leave_reason FROM participant_session WHERE id = ?", bob.participantId());
        assertThat(session.get("left_at")).isNotNull();
        assertThat(session.get("leave_reason")).isEqualTo("disconnected");
    }

    @Test
    @DisplayName("a dropped TCP connection leaves at once")
    void droppedConnection() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        bob.client().abort();

        assertThat(ada.client().awaitNotification("participantLeft", Duration.ofSeconds(3))
                .get("participantId").asString()).isEqualTo(bob.participantId());
    }

    @Test
    @DisplayName("a participant that stops pinging is removed after three intervals (reason timeout, closed 4002)")
    void silentParticipant() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        long start = System.nanoTime();

        // Ada keeps pinging; Bob says nothing more.
        JsonNode left = null;
        while (left == null) {
            ada.client().result("ping", null);
            try {
                left = ada.client().awaitNotification("participantLeft", Duration.ofMillis(300));
            } catch (AssertionError stillThere) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(left.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(left.get("reason").asString()).isEqualTo("timeout");
        assertThat(took).isBetween(Duration.ofMillis(1_300), Duration.ofMillis(3_000));
        assertThat(bob.client().awaitCloseCode()).isEqualTo(4002);
    }

    @Test
    @DisplayName("pings keep a participant in the room")
    void pingsKeepAlive() throws InterruptedException {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        for (int i = 0; i < 10; i++) {
            ada.client().result("ping", null);
            bob.client().result("ping", null);
            Thread.sleep(300);
        }
        ada.client().assertNoNotification("participantLeft", Duration.ofMillis(100));
        RpcTestClient check = connect();
        JsonNode joined = check.join(room, TOKENS.token(room, "checker", "Checker"));
        assertThat(joined.get("participants")).hasSize(2);
    }
}
