package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("participants, system messages, history and join tokens through the API")
class ParticipantsApiIT extends SignalingIT {

    private ApiClient api;
    private String room;

    @BeforeEach
    void roomWithApi() {
        api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:read", "rooms:write"));
        room = api.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
    }

    @Nested
    @DisplayName("listing participants")
    class Listing {

        @Test
        @DisplayName("shows who is in the room now: identity, name, node, joined-at, muted state and metadata")
        void live() {
            RpcTestClient ada = connect();
            ada.join(room, TOKENS.token(room, "ada", "Ada", claims -> claims.claim("metadata", Map.of("role", "host"))));
            ada.result("setMuted", Map.of("kind", "video", "muted", true));
            Joined bob = joinAs(room, "Bob");

            JsonNode participants = api.get("/api/v1/rooms/" + room + "/participants").expect(200);
            assertThat(participants).hasSize(2);
            JsonNode first = participants.get(0);
            assertThat(first.get("identity").asString()).isEqualTo("ada");
            assertThat(first.get("name").asString()).isEqualTo("Ada");
            assertThat(first.get("node").asString()).isEqualTo("test-node");
            assertThat(first.get("videoMuted").asBoolean()).isTrue();
            assertThat(first.get("audioMuted").asBoolean()).isFalse();
            assertThat(first.get("metadata").get("role").asString()).isEqualTo("host");
            assertThat(participants.get(1).get("id").asString()).isEqualTo(bob.participantId());
        }

        @Test
        @DisplayName("answers 404 for an unknown room")
        void unknownRoom() {
            api.get("/api/v1/rooms/nowhere-at-all/participants").problem(404, "room-not-found");
        }
    }

    @Nested
    @DisplayName("moderation")
    class Moderation {

        @Test
        @DisplayName("removing tells the participant why, closes its socket with 4411 and the room sees it leave")
        void remove() {
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            api.delete("/api/v1/rooms/" + room + "/participants/" + bob.participantId()).expect(204);

            assertThat(bob.client().awaitNotification("removed").get("reason").asString()).isEqualTo("removed_by_api");
            assertThat(bob.client().awaitCloseCode()).isEqualTo(4411);
            JsonNode left = ada.client().awaitNotification("participantLeft");
            assertThat(left.get("participantId").asString()).isEqualTo(bob.participantId());
            assertThat(left.get("reason").asString()).isEqualTo("removed");
            api.delete("/api/v1/rooms/" + room + "/participants/" + bob.participantId()).problem(404, "participant-not-found");
        }

        @Test
        @DisplayName("muting tells everyone, the muted participant included, that the server did it")
        void mute() {
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            JsonNode muted = api.post("/api/v1/rooms/" + room + "/participants/" + bob.participantId() + "/mute",
                    "{\"kind\": \"audio\", \"muted\": true}").expect(200);
            assertThat(muted.get("audioMuted").asBoolean()).isTrue();

            for (Joined member : new Joined[] {ada, bob}) {
                JsonNode notification = member.client().awaitNotification("muted");
                assertThat(notification.get("participantId").asString()).isEqualTo(bob.participantId());
                assertThat(notification.get("byServer").asBoolean()).isTrue();
            }
            api.post("/api/v1/rooms/" + room + "/participants/" + bob.participantId() + "/mute",
                    "{\"kind\": \"smell\", \"muted\": true}").invalidField("kind");
            api.post("/api/v1/rooms/" + room + "/participants/p_nobody/mute",
                    "{\"kind\": \"audio\", \"muted\": true}").problem(404, "participant-not-found");
        }
    }

    @Test
    @DisplayName("a system message reaches every member, marked as from the system")
    void systemMessage() {
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        JsonNode sent = api.post("/api/v1/rooms/" + room + "/messages", "{\"text\": \"  The meeting ends in 5 minutes  \"}")
                .expect(201);

        for (Joined member : new Joined[] {ada, bob}) {
            JsonNode message = member.client().awaitNotification("message");
            assertThat(message.get("id").asString()).isEqualTo(sent.get("messageId").asString());
            assertThat(message.get("system").asBoolean()).isTrue();
            assertThat(message.get("from").isNull()).isTrue();
            assertThat(message.get("text").asString()).isEqualTo("The meeting ends in 5 minutes");
        }
        api.post("/api/v1/rooms/" + room + "/messages", "{\"text\": \"   \"}").invalidField("text");
        api.post("/api/v1/rooms/" + room + "/messages", "{}").invalidField("text");
        api.post("/api/v1/rooms/nowhere-at-all/messages", "{\"text\": \"hi\"}").problem(404, "room-not-found");
    }

    @Test
    @DisplayName("history lists every stay with duration, reason, address and browser, newest first")
    void history() {
        RpcTestClient ada = connect(Map.of("User-Agent", "HistoryTest/1", "X-Forwarded-For", "198.51.100.20",
                SECRET_HEADER, FORWARDING_SECRET));
        ada.join(room, TOKENS.token(room, "ada", "Ada"));
        ada.result("leaveRoom", null);
        Joined bob = joinAs(room, "Bob");

        JsonNode history = api.get("/api/v1/rooms/" + room + "/sessions").expect(200);
        assertThat(history.get("totalItems").asLong()).isEqualTo(2);
        JsonNode newest = history.get("items").get(0);
        assertThat(newest.get("participantId").asString()).isEqualTo(bob.participantId());
        assertThat(newest.has("leftAt")).isTrue();
        JsonNode adaStay = history.get("items").get(1);
        assertThat(adaStay.get("identity").asString()).isEqualTo("ada");
        assertThat(adaStay.get("leaveReason").asString()).isEqualTo("left");
        assertThat(adaStay.get("remoteAddress").asString()).isEqualTo("198.51.100.20");
        assertThat(adaStay.get("userAgent").asString()).isEqualTo("HistoryTest/1");
        assertThat(adaStay.get("durationSeconds").asLong()).isGreaterThanOrEqualTo(0);
        api.get("/api/v1/rooms/nowhere-at-all/sessions").problem(404, "room-not-found");
    }

    @Test
    @DisplayName("minting a join token validates every field before asking auth-service")
    void joinTokenValidation() {
        String path = "/api/v1/rooms/" + room + "/join-tokens";
        api.post(path, "{\"displayName\": \"Ada\"}").invalidField("identity");
        api.post(path, "{\"identity\": \"ada\"}").invalidField("displayName");
        api.post(path, "{\"identity\": \"a da\", \"displayName\": \"Ada\"}").invalidField("identity");
        api.post(path, "{\"identity\": \"ada\", \"displayName\": \"Ada\", \"ttlSeconds\": 5}").invalidField("ttlSeconds");
        api.post(path, "{\"identity\": \"ada\", \"displayName\": \"Ada\", \"ttlSeconds\": 100000}").invalidField("ttlSeconds");
        api.post(path, "{\"identity\": \"ada\", \"displayName\": \"Ada\", \"grants\": [\"fly\"]}").problem(400, "invalid-params");
        api.post(path, "{\"identity\": \"ada\", \"displayName\": \"Ada\", \"metadata\": {\"x\": \"" + "y".repeat(5_000) + "\"}}")
                .invalidField("metadata");
        api.post("/api/v1/rooms/nowhere-at-all/join-tokens", "{\"identity\": \"ada\", \"displayName\": \"Ada\"}")
                .problem(404, "room-not-found");
    }

    @Test
    @DisplayName("removing a participant on one room does not touch another room")
    void otherRoomsUntouched() {
        Joined ada = joinAs(room, "Ada");
        String other = api.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
        Joined carol = joinAs(other, "Carol");
        api.delete("/api/v1/rooms/" + other + "/participants/" + ada.participantId()).problem(404, "participant-not-found");
        carol.client().assertNoNotification("participantLeft", Duration.ofMillis(200));
        ada.client().result("ping", null);
    }
}
