package dev.conclave.signaling;

import static dev.conclave.signaling.support.TestTokenIssuer.grants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("chat limits and moderation")
class ChatModerationIT extends SignalingIT {

    @Test
    @DisplayName("refuses a participant sending faster than its limit with 1001 and retryAfterMs; others are unaffected")
    void participantRateLimit() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        JsonNode refused = null;
        int sent = 0;
        while (refused == null && sent < 50) {
            JsonNode response = ada.client().call("sendMessage", Map.of("text", "spam " + sent));
            if (response.has("error")) {
                refused = response.get("error");
            } else {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(10);
        assertThat(refused.get("code").asInt()).isEqualTo(1001);
        assertThat(refused.get("data").get("name").asString()).isEqualTo("RATE_LIMITED");
        assertThat(refused.get("data").get("retryAfterMs").asLong()).isBetween(1L, 500L);
        bob.client().result("sendMessage", Map.of("text", "I can still talk"));
    }

    @Test
    @DisplayName("refuses a message with a filtered word (1002) before anyone sees it")
    void wordFilter() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().error("sendMessage", Map.of("text", "this is FORBIDDENWORD!"), 1002);
        ada.client().error("sendMessage", Map.of("text", "ganz verboten"), 1002);
        ada.client().result("sendMessage", Map.of("text", "forbiddenwords are words, not the word"));
        assertThat(bob.client().awaitNotification("message").get("text").asString())
                .isEqualTo("forbiddenwords are words, not the word");
    }

    @Test
    @DisplayName("lets a moderator mute someone's chat: everyone is told, the muted one gets 3005, then unmute")
    void moderatorMutesChat() {
        String room = openRoom();
        RpcTestClient mod = connect();
        mod.join(room, TOKENS.token(room, "mod", "Moderator", grants("publish", "subscribe", "chat", "moderate")));
        Joined troll = joinAs(room, "Troll");

        mod.result("muteChat", Map.of("participantId", troll.participantId(), "muted", true));
        JsonNode notice = troll.client().awaitNotification("chatMuted");
        assertThat(notice.get("participantId").asString()).isEqualTo(troll.participantId());
        assertThat(notice.get("muted").asBoolean()).isTrue();
        troll.client().error("sendMessage", Map.of("text", "hello?"), 3005);

        mod.result("muteChat", Map.of("participantId", troll.participantId(), "muted", false));
        troll.client().awaitNotification("chatMuted");
        troll.client().result("sendMessage", Map.of("text", "sorry"));
    }

    @Test
    @DisplayName("refuses muteChat without the moderate grant (3004) and for someone absent (5000)")
    void muteChatRefusals() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().error("muteChat", Map.of("participantId", bob.participantId(), "muted", true), 3004);
        RpcTestClient mod = connect();
        mod.join(room, TOKENS.token(room, "mod2", "Mod", grants("chat", "moderate")));
        mod.error("muteChat", Map.of("participantId", "p_nobody", "muted", true), 5000);
    }

    @Test
    @DisplayName("lets an internal service mute someone's chat through the API")
    void apiMutesChat() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:read", "rooms:write"));
        JsonNode participant = api.post("/api/v1/rooms/" + room + "/participants/" + ada.participantId() + "/chat-mute",
                "{\"muted\": true}").expect(200);
        assertThat(participant.get("chatMuted").asBoolean()).isTrue();
        ada.client().awaitNotification("chatMuted");
        ada.client().error("sendMessage", Map.of("text", "hi"), 3005);
    }

    @Test
    @DisplayName("keeps audience members unannounced but counted, and lets them chat")
    void audience() {
        String room = openRoom();
        Joined speaker = joinAs(room, "Speaker");
        RpcTestClient viewer = connect();
        JsonNode joined = viewer.join(room, TOKENS.token(room, "viewer-1", "Viewer", grants("subscribe", "chat")));
        assertThat(joined.get("participants").findValuesAsString("id")).containsExactly(speaker.participantId());
        assertThat(joined.get("audienceCount").asInt()).isZero();
        speaker.client().assertNoNotification("participantJoined", Duration.ofMillis(300));

        RpcTestClient second = connect();
        assertThat(second.join(room, TOKENS.token(room, "viewer-2", "Viewer 2", grants("subscribe", "chat")))
                .get("audienceCount").asInt()).isEqualTo(1);

        viewer.result("sendMessage", Map.of("text", "great talk"));
        assertThat(speaker.client().awaitNotification("message").get("text").asString()).isEqualTo("great talk");
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:read"));
        assertThat(api.get("/api/v1/rooms/" + room).expect(200).get("participantCount").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/rooms/" + room + "/participants").expect(200)).hasSize(1);

        viewer.close();
        speaker.client().assertNoNotification("participantLeft", Duration.ofMillis(300));
    }
}
