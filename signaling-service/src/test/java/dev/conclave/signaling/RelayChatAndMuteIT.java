package dev.conclave.signaling;

import static dev.conclave.signaling.support.TestTokenIssuer.grants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("relay, sendMessage and setMuted over a real WebSocket")
class RelayChatAndMuteIT extends SignalingIT {

    @Nested
    @DisplayName("relay")
    class Relay {

        @Test
        @DisplayName("delivers an offer, an answer and candidates to exactly the named peer, unchanged")
        void deliversToPeer() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");
            Joined carol = joinAs(room, "Carol");

            Map<String, Object> offer = Map.of("type", "offer", "sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
            ada.client().result("relay", Map.of("to", bob.participantId(), "payload", offer));
            JsonNode atBob = bob.client().awaitNotification("relay");
            assertThat(atBob.get("from").asString()).isEqualTo(ada.participantId());
            assertThat(atBob.get("payload").get("type").asString()).isEqualTo("offer");
            assertThat(atBob.get("payload").get("sdp").asString()).isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");

            Map<String, Object> candidate = Map.of("type", "candidate", "candidate", Map.of(
                    "candidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
                    "sdpMid", "0", "sdpMLineIndex", 0, "usernameFragment", "abcd"));
            bob.client().result("relay", Map.of("to", ada.participantId(), "payload", candidate));
            JsonNode atAda = ada.client().awaitNotification("relay");
            assertThat(atAda.get("payload").get("candidate").get("candidate").asString()).startsWith("candidate:1 1 udp");
            assertThat(atAda.get("payload").get("candidate").get("sdpMLineIndex").asInt()).isZero();

            carol.client().assertNoNotification("relay", Duration.ofMillis(300));
        }

        @Test
        @DisplayName("refuses a peer who is not in the room (5000) and oneself (5001)")
        void refusesUnknownAndSelf() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined outsider = joinAs(openRoom(), "Eve");
            Map<String, Object> answer = Map.of("type", "answer", "sdp", "v=0");

            ada.client().error("relay", Map.of("to", outsider.participantId(), "payload", answer), 5000);
            ada.client().error("relay", Map.of("to", "p_0000000000000000", "payload", answer), 5000);
            ada.client().error("relay", Map.of("to", ada.participantId(), "payload", answer), 5001);
            outsider.client().assertNoNotification("relay", Duration.ofMillis(200));
        }

        @Test
        @DisplayName("carries no mesh signaling from or to an audience member (no publish grant)")
        void noAudienceSignaling() {
            String room = openRoom();
            Joined publisher = joinAs(room, "Ada");
            RpcTestClient viewer = connect();
            String viewerId = viewer.join(room, TOKENS.token(room, "viewer", "Viewer", grants("subscribe", "chat")))
                    .get("participant").get("id").asString();
            Map<String, Object> offer = Map.of("type", "offer", "sdp", "v=0");

            JsonNode refused = viewer.error("relay", Map.of("to", publisher.participantId(), "payload", offer), 3004);
            assertThat(refused.get("data").get("name").asString()).isEqualTo("PERMISSION_DENIED");
            publisher.client().assertNoNotification("relay", Duration.ofMillis(300));
            // Its id reveals nothing: to the room it is as absent as an id nobody has.
            publisher.client().error("relay", Map.of("to", viewerId, "payload", offer), 5000);
            viewer.assertNoNotification("relay", Duration.ofMillis(300));
        }

        @Test
        @DisplayName("refuses malformed payloads, naming the field")
        void refusesBadPayloads() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");
            String to = bob.participantId();

            assertField(ada.client().error("relay", Map.of("to", to, "payload", Map.of("type", "pranswer", "sdp", "x")), -32602), "payload.type");
            assertField(ada.client().error("relay", Map.of("to", to, "payload", Map.of("type", "offer")), -32602), "payload.sdp");
            assertField(ada.client().error("relay", Map.of("to", to, "payload", Map.of("type", "offer", "sdp", 42)), -32602), "payload.sdp");
            assertField(ada.client().error("relay", Map.of("to", to, "payload", Map.of("type", "offer", "sdp", "x", "extra", 1)), -32602), "payload.extra");
            assertField(ada.client().error("relay", Map.of("to", to, "payload", Map.of("type", "candidate",
                    "candidate", Map.of("candidate", "c", "sdpMLineIndex", "zero"))), -32602), "payload.candidate.sdpMLineIndex");
            assertField(ada.client().error("relay", Map.of("to", to, "payload", "offer"), -32602), "payload");
            assertField(ada.client().error("relay", Map.of("payload", Map.of("type", "offer", "sdp", "x")), -32602), "to");
            ada.client().error("relay", Map.of("to", to, "payload", Map.of("type", "offer", "sdp", "x".repeat(60_001))), -32602);

            bob.client().assertNoNotification("relay", Duration.ofMillis(200));
        }
    }

    @Nested
    @DisplayName("sendMessage")
    class Chat {

        @Test
        @DisplayName("reaches everyone else in the room with the sender's id and name, trimmed")
        void reachesOthers() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            JsonNode sent = ada.client().result("sendMessage", Map.of("text", "  hello, Bob  "));
            assertThat(sent.get("messageId").asString()).startsWith("m_");

            JsonNode message = bob.client().awaitNotification("message");
            assertThat(message.get("id").asString()).isEqualTo(sent.get("messageId").asString());
            assertThat(message.get("from").get("participantId").asString()).isEqualTo(ada.participantId());
            assertThat(message.get("from").get("name").asString()).isEqualTo("Ada");
            assertThat(message.get("text").asString()).isEqualTo("hello, Bob");
            assertThat(message.get("sentAt").asString()).isEqualTo(sent.get("sentAt").asString());
            ada.client().assertNoNotification("message", Duration.ofMillis(300));
        }

        @Test
        @DisplayName("carries SQL and markup as plain text")
        void plainText() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");
            String text = "'); DROP TABLE participant_session; -- <script>alert(1)</script>";

            ada.client().result("sendMessage", Map.of("text", text));
            assertThat(bob.client().awaitNotification("message").get("text").asString()).isEqualTo(text);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM participant_session", Integer.class)).isPositive();
        }

        @Test
        @DisplayName("refuses empty and over-long text, and a token without the chat grant")
        void refusals() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            assertField(ada.client().error("sendMessage", Map.of("text", "   "), -32602), "text");
            assertField(ada.client().error("sendMessage", Map.of("text", "x".repeat(2_001)), -32602), "text");

            RpcTestClient mute = connect();
            mute.join(room, TOKENS.token(room, "listener", "Listener", grants("subscribe")));
            JsonNode error = mute.error("sendMessage", Map.of("text", "hi"), 3004);
            assertThat(error.get("data").get("name").asString()).isEqualTo("PERMISSION_DENIED");
        }
    }

    @Nested
    @DisplayName("setMuted")
    class Mute {

        @Test
        @DisplayName("is refused to an audience member, whose mute change would announce it to the room")
        void notForAudience() {
            String room = openRoom();
            Joined publisher = joinAs(room, "Ada");
            RpcTestClient viewer = connect();
            viewer.join(room, TOKENS.token(room, "viewer", "Viewer", grants("subscribe", "chat")));

            JsonNode refused = viewer.error("setMuted", Map.of("kind", "audio", "muted", true), 3004);
            assertThat(refused.get("data").get("name").asString()).isEqualTo("PERMISSION_DENIED");
            publisher.client().assertNoNotification("muted", Duration.ofMillis(300));
        }

        @Test
        @DisplayName("tells the others, and later joiners see the state")
        void tellsOthers() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            ada.client().result("setMuted", Map.of("kind", "audio", "muted", true));
            JsonNode muted = bob.client().awaitNotification("muted");
            assertThat(muted.get("participantId").asString()).isEqualTo(ada.participantId());
            assertThat(muted.get("kind").asString()).isEqualTo("audio");
            assertThat(muted.get("muted").asBoolean()).isTrue();

            RpcTestClient carol = connect();
            JsonNode joined = carol.join(room, TOKENS.token(room, "carol", "Carol"));
            JsonNode adaSeen = joined.get("participants").valueStream()
                    .filter(p -> p.get("id").asString().equals(ada.participantId())).findFirst().orElseThrow();
            assertThat(adaSeen.get("audioMuted").asBoolean()).isTrue();
            assertThat(adaSeen.get("videoMuted").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("refuses an unknown kind and a non-boolean")
        void refusals() {
            Joined ada = joinAs(openRoom(), "Ada");
            assertField(ada.client().error("setMuted", Map.of("kind", "smell", "muted", true), -32602), "kind");
            assertField(ada.client().error("setMuted", Map.of("kind", "video", "muted", "yes"), -32602), "muted");
        }
    }

    private static void assertField(JsonNode error, String field) {
        assertThat(error.get("data").get("field").asString()).isEqualTo(field);
    }
}
