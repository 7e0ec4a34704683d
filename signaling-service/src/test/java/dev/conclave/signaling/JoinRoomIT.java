package dev.conclave.signaling;

import static dev.conclave.signaling.support.TestTokenIssuer.expiredAgo;
import static dev.conclave.signaling.support.TestTokenIssuer.guest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("joinRoom over a real WebSocket")
class JoinRoomIT extends SignalingIT {

    @Nested
    @DisplayName("with a valid token")
    class ValidToken {

        @Test
        @DisplayName("answers with the room, the participant, its grants, the others and the ping interval")
        void joinResult() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");

            RpcTestClient bob = connect();
            JsonNode result = bob.join(room, TOKENS.token(room, "bob-1", "Bob"));

            assertThat(result.get("roomId").asString()).isEqualTo(room);
            assertThat(result.get("access").asString()).isEqualTo("OPEN");
            assertThat(result.get("maxParticipants").asInt()).isEqualTo(16);
            assertThat(result.get("participant").get("id").asString()).startsWith("p_");
            assertThat(result.get("participant").get("identity").asString()).isEqualTo("bob-1");
            assertThat(result.get("participant").get("name").asString()).isEqualTo("Bob");
            assertThat(result.get("participant").get("joinedAt").asString()).endsWith("Z");
            assertThat(result.get("grants").valueStream().map(JsonNode::asString)).containsExactly("publish", "subscribe", "chat");
            assertThat(result.get("participants")).hasSize(1);
            assertThat(result.get("participants").get(0).get("id").asString()).isEqualTo(ada.participantId());
            assertThat(result.get("iceServers").isArray()).isTrue();
            assertThat(result.get("pingIntervalMs").asLong()).isEqualTo(500);
        }

        @Test
        @DisplayName("tells everyone already in the room, not the newcomer")
        void participantJoined() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            JsonNode joined = ada.client().awaitNotification("participantJoined");
            assertThat(joined.get("participant").get("id").asString()).isEqualTo(bob.participantId());
            assertThat(joined.get("participant").get("name").asString()).isEqualTo("Bob");
            bob.client().assertNoNotification("participantJoined", Duration.ofMillis(300));
        }

        @Test
        @DisplayName("replaces an earlier connection of the same identity, closing it with 4409")
        void sameIdentityReplaces() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            RpcTestClient first = connect();
            String firstId = first.join(room, TOKENS.token(room, "carol", "Carol")).get("participant").get("id").asString();
            ada.client().awaitNotification("participantJoined");

            RpcTestClient second = connect();
            JsonNode result = second.join(room, TOKENS.token(room, "carol", "Carol"));

            assertThat(first.awaitCloseCode()).isEqualTo(4409);
            JsonNode left = ada.client().awaitNotification("participantLeft");
            assertThat(left.get("participantId").asString()).isEqualTo(firstId);
            assertThat(left.get("reason").asString()).isEqualTo("replaced");
            assertThat(result.get("participants").valueStream().map(p -> p.get("id").asString()))
                    .containsExactly(ada.participantId());
        }

        @Test
        @DisplayName("refuses a second joinRoom on the same socket")
        void alreadyJoined() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            ada.client().error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "x", "X")), 2001);
        }

        @Test
        @DisplayName("lets a participant leave and join again on the same socket")
        void leaveAndRejoin() {
            String room = openRoom();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            bob.client().result("leaveRoom", null);
            JsonNode left = ada.client().awaitNotification("participantLeft");
            assertThat(left.get("reason").asString()).isEqualTo("left");
            bob.client().error("sendMessage", Map.of("text", "hi"), 2000);

            bob.client().join(room, TOKENS.token(room, bob.identity(), "Bob"));
            ada.client().awaitNotification("participantJoined");
        }
    }

    @Nested
    @DisplayName("refuses, with a JSON-RPC error and the documented close code,")
    class Refusals {

        @Test
        @DisplayName("a missing token (3000, closed 4401)")
        void missingToken() {
            RpcTestClient client = connect();
            client.error("joinRoom", Map.of("roomId", openRoom()), 3000);
            assertThat(client.awaitCloseCode()).isEqualTo(4401);
        }

        @Test
        @DisplayName("a malformed token (3001, closed 4401)")
        void malformedToken() {
            RpcTestClient client = connect();
            client.error("joinRoom", Map.of("roomId", openRoom(), "token", "not.a.jwt"), 3001);
            assertThat(client.awaitCloseCode()).isEqualTo(4401);
        }

        @Test
        @DisplayName("a forged token signed with another key (3001)")
        void forgedToken() {
            String room = openRoom();
            RpcTestClient client = connect();
            client.error("joinRoom", Map.of("roomId", room, "token", TOKENS.forged(room, "mallory", "Mallory")), 3001);
            assertThat(client.awaitCloseCode()).isEqualTo(4401);
        }

        @Test
        @DisplayName("an expired token (3002)")
        void expiredToken() {
            String room = openRoom();
            RpcTestClient client = connect();
            String token = TOKENS.token(room, "late", "Late", expiredAgo(Duration.ofMinutes(5)));
            JsonNode error = client.error("joinRoom", Map.of("roomId", room, "token", token), 3002);
            assertThat(error.get("data").get("name").asString()).isEqualTo("TOKEN_EXPIRED");
            assertThat(client.awaitCloseCode()).isEqualTo(4401);
        }

        @Test
        @DisplayName("a token for another room (3003, closed 4403)")
        void tokenForAnotherRoom() {
            String room = openRoom();
            String other = openRoom();
            RpcTestClient client = connect();
            client.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(other, "u", "U")), 3003);
            assertThat(client.awaitCloseCode()).isEqualTo(4403);
        }

        @Test
        @DisplayName("a token from another issuer, for another audience, or not a join token (3001)")
        void wrongKindsOfToken() {
            String room = openRoom();
            for (String token : new String[] {
                    TOKENS.token(room, "u", "U", claims -> claims.issuer("http://evil.example")),
                    TOKENS.token(room, "u", "U", claims -> claims.audience("some-other-api")),
                    TOKENS.token(room, "u", "U", claims -> claims.claim("token_use", "access")),
            }) {
                RpcTestClient client = connect();
                client.error("joinRoom", Map.of("roomId", room, "token", token), 3001);
                assertThat(client.awaitCloseCode()).isEqualTo(4401);
            }
        }

        @Test
        @DisplayName("a room that does not exist (4000)")
        void roomNotFound() {
            RpcTestClient client = connect();
            client.error("joinRoom", Map.of("roomId", "no-such-room", "token", TOKENS.token("no-such-room", "u", "U")), 4000);
        }

        @Test
        @DisplayName("a full room (4001), leaving those inside undisturbed")
        void roomFull() {
            String room = room("OPEN", 2);
            Joined ada = joinAs(room, "Ada");
            joinAs(room, "Bob");

            RpcTestClient carol = connect();
            carol.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "carol", "Carol")), 4001);
            assertThat(carol.isClosed()).isFalse();
            ada.client().result("sendMessage", Map.of("text", "still here"));
        }

        @Test
        @DisplayName("a closed room (4002)")
        void roomClosed() {
            String room = openRoom();
            jdbc.update("UPDATE room SET state = 'CLOSED', closed_at = now() WHERE id = ?", room);
            connect().error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "u", "U")), 4002);
        }

        @Test
        @DisplayName("a guest token for a TOKEN room (4003, closed 4403)")
        void guestInTokenRoom() {
            String room = room("TOKEN", 16);
            RpcTestClient client = connect();
            client.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "guest-1", "G", guest())), 4003);
            assertThat(client.awaitCloseCode()).isEqualTo(4403);
        }

        @Test
        @DisplayName("an invalid room id (-32602 naming roomId)")
        void invalidRoomId() {
            JsonNode error = connect().error("joinRoom", Map.of("roomId", "'; DROP TABLE room; --", "token", "x"), -32602);
            assertThat(error.get("data").get("field").asString()).isEqualTo("roomId");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM room", Integer.class)).isPositive();
        }

        @Test
        @DisplayName("a socket that never joins, after the join timeout (closed 4001)")
        void joinTimeout() {
            RpcTestClient client = connect();
            client.result("ping", null);
            assertThat(client.awaitCloseCode()).isEqualTo(4001);
        }
    }
}
