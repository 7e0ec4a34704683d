package dev.conclave.signaling;

import static dev.conclave.signaling.support.TestTokenIssuer.grants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("a moderator over JSON-RPC")
class ModerationRpcIT extends SignalingIT {

    private String room;
    private RpcTestClient moderator;
    private String moderatorId;
    private Joined ada;
    private Joined bob;

    @BeforeEach
    void moderatedRoom() {
        room = openRoom();
        moderator = connect();
        moderatorId = moderator.join(room, TOKENS.token(room, "user-mod", "Mod",
                grants("publish", "subscribe", "chat", "moderate"))).get("participant").get("id").asString();
        ada = joinAs(room, "Ada");
        bob = joinAs(room, "Bob");
        moderator.drainNotifications();
        ada.client().drainNotifications();
    }

    @Nested
    @DisplayName("muteParticipant")
    class MuteParticipant {

        @Test
        @DisplayName("turns off someone's microphone: everyone, its owner included, is told the server did it, and "
                + "whoever joins later sees it muted")
        void mutes() {
            JsonNode result = moderator.result("muteParticipant",
                    Map.of("participantId", bob.participantId(), "kind", "audio"));
            assertThat(result.isObject() && result.isEmpty()).as("result %s", result).isTrue();

            for (RpcTestClient member : new RpcTestClient[] {bob.client(), ada.client(), moderator}) {
                JsonNode muted = member.awaitNotification("muted");
                assertThat(muted.get("participantId").asString()).isEqualTo(bob.participantId());
                assertThat(muted.get("kind").asString()).isEqualTo("audio");
                assertThat(muted.get("muted").asBoolean()).isTrue();
                assertThat(muted.get("byServer").asBoolean()).isTrue();
            }

            JsonNode later = connect().join(room, TOKENS.token(room, "user-cy", "Cy")).get("participants");
            JsonNode listedBob = participant(later, bob.participantId());
            assertThat(listedBob.get("audioMuted").asBoolean()).isTrue();
            assertThat(listedBob.get("videoMuted").asBoolean()).isFalse();
            assertThat(participant(later, ada.participantId()).get("audioMuted").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("turns off a camera too, and never turns one on: there is no muted param")
        void muteOnly() {
            moderator.result("muteParticipant", Map.of("participantId", bob.participantId(), "kind", "video"));
            JsonNode muted = bob.client().awaitNotification("muted");
            assertThat(muted.get("kind").asString()).isEqualTo("video");
            assertThat(muted.get("muted").asBoolean()).isTrue();

            JsonNode unmute = moderator.error("muteParticipant",
                    Map.of("participantId", bob.participantId(), "kind", "video", "muted", false), -32602);
            assertThat(unmute.get("data").get("field").asString()).isEqualTo("muted");
            bob.client().assertNoNotification("muted", Duration.ofMillis(300));
        }

        @Test
        @DisplayName("is PERMISSION_DENIED without the moderate grant, PARTICIPANT_NOT_FOUND for someone not in the "
                + "room, INVALID_PARAMS for another kind or no participant")
        void refusals() {
            ada.client().error("muteParticipant", Map.of("participantId", bob.participantId(), "kind", "audio"), 3004);
            bob.client().assertNoNotification("muted", Duration.ofMillis(300));

            moderator.error("muteParticipant", Map.of("participantId", "p_nobody", "kind", "audio"), 5000);
            String elsewhere = openRoom();
            String stranger = joinAs(elsewhere, "Stranger").participantId();
            moderator.error("muteParticipant", Map.of("participantId", stranger, "kind", "audio"), 5000);

            JsonNode kind = moderator.error("muteParticipant",
                    Map.of("participantId", bob.participantId(), "kind", "screen"), -32602);
            assertThat(kind.get("data").get("field").asString()).isEqualTo("kind");
            JsonNode missing = moderator.error("muteParticipant", Map.of("kind", "audio"), -32602);
            assertThat(missing.get("data").get("field").asString()).isEqualTo("participantId");
        }
    }

    @Nested
    @DisplayName("removeParticipant")
    class RemoveParticipant {

        @Test
        @DisplayName("tells the participant why, closes its socket with 4411, and the room sees it leave, removed")
        void removes() {
            JsonNode result = moderator.result("removeParticipant", Map.of("participantId", bob.participantId()));
            assertThat(result.isObject() && result.isEmpty()).as("result %s", result).isTrue();

            assertThat(bob.client().awaitNotification("removed").get("reason").asString())
                    .isEqualTo("removed_by_moderator");
            assertThat(bob.client().awaitCloseCode()).isEqualTo(4411);
            for (RpcTestClient member : new RpcTestClient[] {ada.client(), moderator}) {
                JsonNode left = member.awaitNotification("participantLeft");
                assertThat(left.get("participantId").asString()).isEqualTo(bob.participantId());
                assertThat(left.get("reason").asString()).isEqualTo("removed");
            }

            moderator.error("removeParticipant", Map.of("participantId", bob.participantId()), 5000);
            JsonNode later = connect().join(room, TOKENS.token(room, "user-cy", "Cy")).get("participants");
            assertThat(later.findValuesAsString("id")).containsExactlyInAnyOrder(moderatorId, ada.participantId());
        }

        @Test
        @DisplayName("is PERMISSION_DENIED without the moderate grant, PARTICIPANT_NOT_FOUND for someone not in the "
                + "room, INVALID_PARAMS for oneself")
        void refusals() {
            ada.client().error("removeParticipant", Map.of("participantId", bob.participantId()), 3004);
            moderator.error("removeParticipant", Map.of("participantId", "p_nobody"), 5000);
            moderator.error("removeParticipant", Map.of(), -32602);

            JsonNode self = moderator.error("removeParticipant", Map.of("participantId", moderatorId), -32602);
            assertThat(self.get("data").get("field").asString()).isEqualTo("participantId");
            assertThat(self.get("message").asString()).contains("leaveRoom");

            ada.client().assertNoNotification("participantLeft", Duration.ofMillis(300));
            assertThat(bob.client().isClosed()).isFalse();
            moderator.result("muteParticipant", Map.of("participantId", bob.participantId(), "kind", "audio"));
        }
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
