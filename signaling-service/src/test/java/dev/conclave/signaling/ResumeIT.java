package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("resumeRoom after a dropped connection (grace 1 s)")
class ResumeIT extends SignalingIT {

    @Test
    @DisplayName("keeps the participant id and the place, with no leave or join for the room — only reconnecting, resumed")
    void resumesAsItself() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        RpcTestClient bob = connect();
        JsonNode joined = bob.join(room, TOKENS.token(room, "bob", "Bob"));
        String bobId = joined.get("participant").get("id").asString();
        String resumeToken = joined.get("resumeToken").asString();
        assertThat(resumeToken).startsWith("rt_");
        assertThat(joined.get("resumeGraceMs").asLong()).isEqualTo(1_000);
        ada.client().awaitNotification("participantJoined");

        bob.abort();
        ada.client().awaitNotification("participantReconnecting");

        RpcTestClient back = connect();
        JsonNode resumed = back.result("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken));
        assertThat(resumed.get("participant").get("id").asString()).isEqualTo(bobId);
        assertThat(resumed.get("participants").findValuesAsString("id")).containsExactly(ada.participantId());
        assertThat(ada.client().awaitNotification("participantResumed").get("participantId").asString()).isEqualTo(bobId);

        keepBothPinging(ada.client(), back, Duration.ofMillis(1_800));
        ada.client().assertNoNotification("participantLeft", Duration.ofMillis(100));
        ada.client().assertNoNotification("participantJoined", Duration.ofMillis(100));

        ada.client().result("sendMessage", Map.of("text", "welcome back"));
        assertThat(back.awaitNotification("message").get("text").asString()).isEqualTo("welcome back");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM participant_session WHERE id = ?", Integer.class, bobId))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("rotates the resume token: each resume uses its token up and hands out the next")
    void rotatesTheToken() {
        String room = openRoom();
        RpcTestClient first = connect();
        JsonNode joined = first.join(room, TOKENS.token(room, "dave", "Dave"));
        String original = joined.get("resumeToken").asString();

        RpcTestClient second = connect();
        String next = second.result("resumeRoom", Map.of("roomId", room, "resumeToken", original))
                .get("resumeToken").asString();
        assertThat(next).startsWith("rt_").isNotEqualTo(original);
        // A copy of the first token (leaked, or a stale tab) can no longer take the seat.
        connect().error("resumeRoom", Map.of("roomId", room, "resumeToken", original), 2002);
        second.result("sendMessage", Map.of("text", "still the seat's owner"));

        RpcTestClient third = connect();
        JsonNode again = third.result("resumeRoom", Map.of("roomId", room, "resumeToken", next));
        assertThat(again.get("participant").get("id").asString())
                .isEqualTo(joined.get("participant").get("id").asString());
        assertThat(second.awaitCloseCode()).isEqualTo(4409);
    }

    @Test
    @DisplayName("closes the old connection (4409) when the participant resumes while it still looks alive")
    void takesOverALiveConnection() {
        String room = openRoom();
        RpcTestClient first = connect();
        JsonNode joined = first.join(room, TOKENS.token(room, "carol", "Carol"));

        RpcTestClient second = connect();
        JsonNode resumed = second.result("resumeRoom",
                Map.of("roomId", room, "resumeToken", joined.get("resumeToken").asString()));

        assertThat(resumed.get("participant").get("id").asString()).isEqualTo(joined.get("participant").get("id").asString());
        assertThat(first.awaitCloseCode()).isEqualTo(4409);
        second.result("sendMessage", Map.of("text", "still me"));
    }

    @Test
    @DisplayName("refuses once the grace period is over, an unknown token, or a token for another room (2002)")
    void refusals() throws InterruptedException {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        RpcTestClient bob = connect();
        String resumeToken = bob.join(room, TOKENS.token(room, "bob", "Bob")).get("resumeToken").asString();

        connect().error("resumeRoom", Map.of("roomId", room, "resumeToken", "rt_unknown"), 2002);
        connect().error("resumeRoom", Map.of("roomId", openRoom(), "resumeToken", resumeToken), 2002);

        bob.abort();
        ada.client().awaitNotification("participantReconnecting");
        long waitUntil = System.nanoTime() + Duration.ofMillis(1_600).toNanos();
        while (System.nanoTime() < waitUntil) {
            ada.client().result("ping", null);
            Thread.sleep(200);
        }
        ada.client().awaitNotification("participantLeft");
        JsonNode error = connect().error("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken), 2002);
        assertThat(error.get("data").get("name").asString()).isEqualTo("RESUME_FAILED");
    }

    @Test
    @DisplayName("forgets the resume token when the participant leaves for good")
    void leftForGood() {
        String room = openRoom();
        RpcTestClient ada = connect();
        String resumeToken = ada.join(room, TOKENS.token(room, "ada", "Ada")).get("resumeToken").asString();
        ada.result("leaveRoom", null);
        connect().error("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken), 2002);
    }

    private static void keepBothPinging(RpcTestClient a, RpcTestClient b, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            a.result("ping", null);
            b.result("ping", null);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
