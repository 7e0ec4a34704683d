package dev.conclave.signaling;

import static dev.conclave.signaling.support.TestTokenIssuer.grants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("raised hands, reactions, who is speaking and how good each connection is")
class HandsAndReactionsIT extends SignalingIT {

    @Test
    @DisplayName("a raised hand is told to the others, kept in the roster for later joiners, and lowered by its owner")
    void raiseAndLower() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().drainNotifications();

        bob.client().result("setHand", Map.of("raised", true));
        JsonNode raised = ada.client().awaitNotification("handChanged");
        assertThat(raised.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(raised.get("raised").asBoolean()).isTrue();
        assertThat(raised.get("raisedAt").asString()).isNotBlank();
        assertThat(raised.get("by").isNull()).isTrue();
        bob.client().assertNoNotification("handChanged", Duration.ofMillis(200));

        bob.client().result("setHand", Map.of("raised", true)); // again: nothing changes, nobody is told
        ada.client().assertNoNotification("handChanged", Duration.ofMillis(300));

        JsonNode later = connect().join(room, TOKENS.token(room, "user-cy", "Cy"));
        JsonNode listedBob = participant(later.get("participants"), bob.participantId());
        assertThat(listedBob.get("handRaisedAt").asString()).isEqualTo(raised.get("raisedAt").asString());
        assertThat(participant(later.get("participants"), ada.participantId()).get("handRaisedAt").isNull()).isTrue();

        bob.client().result("setHand", Map.of("raised", false));
        JsonNode lowered = ada.client().awaitNotification("handChanged");
        assertThat(lowered.get("raised").asBoolean()).isFalse();
        assertThat(lowered.get("raisedAt").isNull()).isTrue();
    }

    @Test
    @DisplayName("a moderator lowers someone's hand and its owner is told; anyone else may not; nor may the audience raise one")
    void moderatorLowers() {
        String room = openRoom();
        RpcTestClient moderator = connect();
        String moderatorId = moderator.join(room, TOKENS.token(room, "user-mod", "Mod",
                grants("publish", "subscribe", "chat", "moderate"))).get("participant").get("id").asString();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().result("setHand", Map.of("raised", true));
        moderator.awaitNotification("handChanged");
        bob.client().awaitNotification("handChanged");
        ada.client().drainNotifications();

        bob.client().error("lowerHand", Map.of("participantId", ada.participantId()), 3004);
        moderator.result("lowerHand", Map.of("participantId", ada.participantId()));
        JsonNode told = ada.client().awaitNotification("handChanged");
        assertThat(told.get("raised").asBoolean()).isFalse();
        assertThat(told.get("by").asString()).isEqualTo(moderatorId);
        assertThat(bob.client().awaitNotification("handChanged").get("by").asString()).isEqualTo(moderatorId);
        moderator.error("lowerHand", Map.of("participantId", "p_nobody"), 5000);

        RpcTestClient audience = connect();
        audience.join(room, TOKENS.token(room, "user-viewer", "Viewer", grants("subscribe", "chat")));
        audience.error("setHand", Map.of("raised", true), 3004);
        audience.error("react", Map.of("emoji", "👍"), 3004);
    }

    @Test
    @DisplayName("a reaction from the list reaches the others; other text is INVALID_PARAMS; too many are RATE_LIMITED")
    void reactions() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().drainNotifications();

        bob.client().result("react", Map.of("emoji", "🎉"));
        JsonNode reaction = ada.client().awaitNotification("reaction");
        assertThat(reaction.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(reaction.get("emoji").asString()).isEqualTo("🎉");
        bob.client().assertNoNotification("reaction", Duration.ofMillis(200));

        JsonNode invalid = bob.client().error("react", Map.of("emoji", "<script>"), -32602);
        assertThat(invalid.get("data").get("field").asString()).isEqualTo("emoji");
        bob.client().error("react", Map.of(), -32602);

        int accepted = 1;
        JsonNode limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            JsonNode response = bob.client().call("react", Map.of("emoji", "👍"));
            if (response.has("error")) {
                limited = response.get("error");
            } else {
                accepted++;
            }
        }
        assertThat(limited).as("a burst of reactions is limited").isNotNull();
        assertThat(limited.get("code").asInt()).isEqualTo(1001);
        assertThat(limited.get("data").get("retryAfterMs").asLong()).isPositive();
        assertThat(accepted).isBetween(5, 6);
    }

    @Test
    @DisplayName("a change of speaking reaches the others, not a stream of levels (RATE_LIMITED past a burst); never "
            + "from the audience")
    void speaking() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().drainNotifications();

        bob.client().result("setSpeaking", Map.of("speaking", true));
        JsonNode told = ada.client().awaitNotification("speaking");
        assertThat(told.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(told.get("speaking").asBoolean()).isTrue();
        bob.client().assertNoNotification("speaking", Duration.ofMillis(200));
        bob.client().error("setSpeaking", Map.of("speaking", "yes"), -32602);

        JsonNode limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            JsonNode response = bob.client().call("setSpeaking", Map.of("speaking", i % 2 == 0));
            limited = response.has("error") ? response.get("error") : null;
        }
        assertThat(limited).as("levels sent as changes are limited").isNotNull();
        assertThat(limited.get("code").asInt()).isEqualTo(1001);

        RpcTestClient audience = connect();
        audience.join(room, TOKENS.token(room, "user-viewer", "Viewer", grants("subscribe", "chat")));
        audience.error("setSpeaking", Map.of("speaking", true), 3004);
    }

    @Test
    @DisplayName("a member's connection quality reaches the others, not itself; a change, not a stream (RATE_LIMITED "
            + "past a burst of 3); only good, fair or poor; never from the audience")
    void connectionQuality() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().drainNotifications();

        JsonNode result = ada.client().result("setConnectionQuality", Map.of("level", "poor"));
        assertThat(result.isObject() && result.isEmpty()).as("result %s", result).isTrue();
        JsonNode told = bob.client().awaitNotification("connectionQuality");
        assertThat(told.get("participantId").asString()).isEqualTo(ada.participantId());
        assertThat(told.get("level").asString()).isEqualTo("poor");
        ada.client().assertNoNotification("connectionQuality", Duration.ofMillis(200));

        JsonNode invalid = ada.client().error("setConnectionQuality", Map.of("level", "excellent"), -32602);
        assertThat(invalid.get("data").get("field").asString()).isEqualTo("level");
        ada.client().error("setConnectionQuality", Map.of(), -32602);
        ada.client().error("setConnectionQuality", Map.of("level", "good", "rttMs", 40), -32602);

        int accepted = 1;
        JsonNode limited = null;
        for (int i = 0; i < 6 && limited == null; i++) {
            JsonNode response = ada.client().call("setConnectionQuality", Map.of("level", i % 2 == 0 ? "fair" : "good"));
            if (response.has("error")) {
                limited = response.get("error");
            } else {
                accepted++;
            }
        }
        assertThat(limited).as("a burst of quality changes is limited").isNotNull();
        assertThat(limited.get("code").asInt()).isEqualTo(1001);
        assertThat(limited.get("data").get("retryAfterMs").asLong()).isBetween(1L, 2_000L);
        assertThat(accepted).isBetween(3, 4);
        assertThat(bob.client().awaitNotification("connectionQuality").get("level").asString()).isEqualTo("fair");

        RpcTestClient audience = connect();
        audience.join(room, TOKENS.token(room, "user-viewer", "Viewer", grants("subscribe", "chat")));
        audience.error("setConnectionQuality", Map.of("level", "poor"), 3004);
    }

    private static JsonNode participant(JsonNode participants, String id) {
        for (JsonNode participant : participants) {
            if (participant.get("id").asString().equals(id)) {
                return participant;
            }
        }
        throw new AssertionError("no participant " + id + " in " + participants);
    }
}
