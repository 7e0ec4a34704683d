package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("the rooms API over real HTTP")
class RoomsApiIT extends SignalingIT {

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:read", "rooms:write"));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Nested
    @DisplayName("creating a room")
    class Creating {

        @Test
        @DisplayName("with a name and every setting stores and returns them")
        void withEverything() {
            String name = unique("board");
            JsonNode room = api.post("/api/v1/rooms", """
                    {"name": "%s", "access": "OPEN", "topology": "MESH", "maxParticipants": 8,
                     "emptyTimeoutSeconds": 300, "metadata": {"team": "finance", "quarter": 4}}""".formatted(name))
                    .expect(201);
            assertThat(room.get("id").asString()).isEqualTo(name);
            assertThat(room.get("access").asString()).isEqualTo("OPEN");
            assertThat(room.get("topology").asString()).isEqualTo("MESH");
            assertThat(room.get("maxParticipants").asInt()).isEqualTo(8);
            assertThat(room.get("emptyTimeoutSeconds").asInt()).isEqualTo(300);
            assertThat(room.get("metadata").get("team").asString()).isEqualTo("finance");
            assertThat(room.get("state").asString()).isEqualTo("ACTIVE");
            assertThat(room.get("participantCount").asInt()).isZero();
            assertThat(jdbc.queryForObject("SELECT created_by FROM room WHERE id = ?", String.class, name)).isEqualTo("backend");
        }

        @Test
        @DisplayName("without a name generates an id, and defaults to TOKEN access, MESH, 16 places")
        void withDefaults() {
            ApiClient.Response response = api.post("/api/v1/rooms", "{}");
            JsonNode room = response.expect(201);
            assertThat(room.get("id").asString()).startsWith("room-");
            assertThat(response.header("Location")).isEqualTo("/api/v1/rooms/" + room.get("id").asString());
            assertThat(room.get("access").asString()).isEqualTo("TOKEN");
            assertThat(room.get("maxParticipants").asInt()).isEqualTo(16);
            assertThat(room.has("emptyTimeoutSeconds")).isFalse();
        }

        @Test
        @DisplayName("refuses a name that exists (409)")
        void duplicate() {
            String name = unique("dup");
            api.post("/api/v1/rooms", "{\"name\": \"" + name + "\"}").expect(201);
            api.post("/api/v1/rooms", "{\"name\": \"" + name + "\"}").problem(409, "room-already-exists");
        }

        @Test
        @DisplayName("names every bad field and writes nothing")
        void badInput() {
            long before = jdbc.queryForObject("SELECT count(*) FROM room", Long.class);
            api.post("/api/v1/rooms", "{\"name\": \"" + "x".repeat(65) + "\"}").invalidField("name");
            api.post("/api/v1/rooms", "{\"name\": \"no spaces\"}").invalidField("name");
            api.post("/api/v1/rooms", "{\"maxParticipants\": 0}").invalidField("maxParticipants");
            api.post("/api/v1/rooms", "{\"maxParticipants\": 100001}").invalidField("maxParticipants");
            api.post("/api/v1/rooms", "{\"maxParticipants\": \"ten\"}").invalidField("maxParticipants");
            api.post("/api/v1/rooms", "{\"emptyTimeoutSeconds\": 0}").invalidField("emptyTimeoutSeconds");
            api.post("/api/v1/rooms", "{\"access\": \"PUBLIC\"}").invalidField("access");
            api.post("/api/v1/rooms", "{\"topology\": \"HYBRID\"}").invalidField("topology");
            api.post("/api/v1/rooms", "{\"topology\": \"SFU\"}").problem(503, "sfu-unavailable");
            api.post("/api/v1/rooms", "{\"owner\": \"me\"}").invalidField("owner");
            api.post("/api/v1/rooms", "{\"metadata\": {\"blob\": \"" + "x".repeat(17_000) + "\"}}").invalidField("metadata");
            api.post("/api/v1/rooms", "{\"metadata\": [1, 2]}").invalidField("metadata");
            api.post("/api/v1/rooms", "{\"name\": ").problem(400, "invalid-params");
            // A field given twice is ambiguous: which one was meant is refused, not guessed.
            api.post("/api/v1/rooms", "{\"access\": \"OPEN\", \"access\": \"TOKEN\"}").problem(400, "invalid-params");
            assertThat(api.send("POST", "/api/v1/rooms", "text/plain", "{\"access\": \"OPEN\"}")
                    .problem(415, "unsupported-media-type").get("code").asInt()).isEqualTo(-32600);
            assertThat(api.send("POST", "/api/v1/rooms", null, "{}").problem(415, "unsupported-media-type")
                    .get("code").asInt()).isEqualTo(-32600);
            assertThat(api.send("PUT", "/api/v1/rooms", "application/json", "{}").problem(405, "method-not-allowed")
                    .get("code").asInt()).isEqualTo(-32600);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM room", Long.class)).isEqualTo(before);
        }

        @Test
        @DisplayName("with the same Idempotency-Key and body returns the first room; with another body refuses (422)")
        void idempotent() {
            String key = UUID.randomUUID().toString();
            ApiClient.Response first = api.post("/api/v1/rooms", "{\"maxParticipants\": 5}", "Idempotency-Key", key);
            ApiClient.Response again = api.post("/api/v1/rooms", "{\"maxParticipants\": 5}", "Idempotency-Key", key);
            assertThat(again.expect(201).get("id").asString()).isEqualTo(first.expect(201).get("id").asString());
            assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");

            api.post("/api/v1/rooms", "{\"maxParticipants\": 6}", "Idempotency-Key", key)
                    .problem(422, "idempotency-key-reused");
        }

        @Test
        @DisplayName("with one Idempotency-Key sent five times at once creates exactly one room")
        void idempotentUnderConcurrency() {
            String key = UUID.randomUUID().toString();
            List<CompletableFuture<ApiClient.Response>> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(CompletableFuture.supplyAsync(() ->
                        api.post("/api/v1/rooms", "{\"metadata\": {\"x\": 1}}", "Idempotency-Key", key)));
            }
            List<String> ids = requests.stream().map(CompletableFuture::join)
                    .map(response -> response.expect(201).get("id").asString()).distinct().toList();
            assertThat(ids).hasSize(1);
        }
    }

    @Nested
    @DisplayName("reading rooms")
    class Reading {

        @Test
        @DisplayName("gets one with its live participant count")
        void getWithCount() {
            String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
            RpcTestClient ada = connect();
            ada.join(room, TOKENS.token(room, "ada", "Ada"));
            assertThat(api.get("/api/v1/rooms/" + room).expect(200).get("participantCount").asInt()).isEqualTo(1);
        }

        @Test
        @DisplayName("lists newest first, in pages, filtered by state")
        void list() {
            String closed = api.post("/api/v1/rooms", "{}").expect(201).get("id").asString();
            api.post("/api/v1/rooms/" + closed + "/close", "").expect(200);
            String active = api.post("/api/v1/rooms", "{}").expect(201).get("id").asString();

            JsonNode page = api.get("/api/v1/rooms?size=2&page=0").expect(200);
            assertThat(page.get("items")).hasSize(2);
            assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(active);
            assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(2);

            JsonNode activeOnly = api.get("/api/v1/rooms?state=ACTIVE&size=100").expect(200);
            assertThat(activeOnly.get("items").findValuesAsString("state")).containsOnly("ACTIVE");
            JsonNode closedOnly = api.get("/api/v1/rooms?state=CLOSED&size=100").expect(200);
            assertThat(closedOnly.get("items").findValuesAsString("id")).contains(closed);
        }

        @Test
        @DisplayName("answers 404 for an unknown room and 400 for bad paging or state")
        void errors() {
            api.get("/api/v1/rooms/no-such-room").problem(404, "room-not-found");
            api.get("/api/v1/rooms/bad%20id").invalidField("roomId");
            api.get("/api/v1/rooms?size=0").invalidField("size");
            api.get("/api/v1/rooms?size=1000").invalidField("size");
            api.get("/api/v1/rooms?page=-1").invalidField("page");
            api.get("/api/v1/rooms?page=first").invalidField("page");
            api.get("/api/v1/rooms?state=OPENED").invalidField("state");
        }
    }

    @Nested
    @DisplayName("changing and closing a room")
    class Changing {

        @Test
        @DisplayName("replaces metadata")
        void metadata() {
            String room = api.post("/api/v1/rooms", "{\"metadata\": {\"a\": 1}}").expect(201).get("id").asString();
            JsonNode updated = api.patch("/api/v1/rooms/" + room, "{\"metadata\": {\"b\": \"two\"}}").expect(200);
            assertThat(updated.get("metadata").has("a")).isFalse();
            assertThat(updated.get("metadata").get("b").asString()).isEqualTo("two");
            api.patch("/api/v1/rooms/" + room, "{}").invalidField("metadata");
            api.patch("/api/v1/rooms/" + room, "{\"metadata\": {}, \"name\": \"x\"}").invalidField("name");
        }

        @Test
        @DisplayName("closing removes everyone with roomClosed (4410), keeps history, and cannot be done twice")
        void close() {
            String room = api.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
            Joined ada = joinAs(room, "Ada");
            Joined bob = joinAs(room, "Bob");

            JsonNode closed = api.post("/api/v1/rooms/" + room + "/close", "").expect(200);
            assertThat(closed.get("state").asString()).isEqualTo("CLOSED");
            assertThat(closed.get("closeReason").asString()).isEqualTo("closed_by_api");

            assertThat(ada.client().awaitNotification("roomClosed").get("reason").asString()).isEqualTo("closed_by_api");
            assertThat(bob.client().awaitNotification("roomClosed")).isNotNull();
            assertThat(ada.client().awaitCloseCode()).isEqualTo(4410);
            assertThat(bob.client().awaitCloseCode()).isEqualTo(4410);
            assertThat(jdbc.queryForList("SELECT leave_reason FROM participant_session WHERE room_id = ?", String.class, room))
                    .containsOnly("room_closed");

            api.post("/api/v1/rooms/" + room + "/close", "").problem(410, "room-closed");
            connect().error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "late", "Late")), 4002);
            api.get("/api/v1/rooms/" + room + "/sessions").expect(200);
        }

        @Test
        @DisplayName("a room left empty past its empty timeout closes by itself")
        void emptyTimeout() throws InterruptedException {
            String room = api.post("/api/v1/rooms", "{\"access\": \"OPEN\", \"emptyTimeoutSeconds\": 1}").expect(201)
                    .get("id").asString();
            Joined ada = joinAs(room, "Ada");
            for (int i = 0; i < 8; i++) {
                ada.client().result("ping", null);
                Thread.sleep(200);
            }
            assertThat(api.get("/api/v1/rooms/" + room).expect(200).get("state").asString())
                    .as("occupied rooms stay open").isEqualTo("ACTIVE");

            ada.client().result("leaveRoom", null);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String state = "ACTIVE";
            while (state.equals("ACTIVE") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                state = api.get("/api/v1/rooms/" + room).expect(200).get("state").asString();
            }
            JsonNode closed = api.get("/api/v1/rooms/" + room).expect(200);
            assertThat(closed.get("state").asString()).isEqualTo("CLOSED");
            assertThat(closed.get("closeReason").asString()).isEqualTo("empty_timeout");
        }
    }

    @Nested
    @DisplayName("authorization")
    class Authorization {

        @Test
        @DisplayName("needs a bearer access token (401 problem with WWW-Authenticate)")
        void unauthenticated() {
            ApiClient.Response response = api.as(null).get("/api/v1/rooms");
            response.problem(401, "unauthenticated");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"conclave\"");
        }

        @Test
        @DisplayName("names no internal URL in WWW-Authenticate, only the realm and the RFC 6750 error code")
        void noInternalUrlInChallenge() {
            ApiClient.Response response = api.as(TOKENS.forgedAccessToken("backend", "rooms:read")).get("/api/v1/rooms");
            response.problem(401, "unauthenticated");
            assertThat(response.header("WWW-Authenticate"))
                    .isEqualTo("Bearer realm=\"conclave\", error=\"invalid_token\"")
                    .doesNotContain("http", "127.0.0.1", "localhost");
        }

        @Test
        @DisplayName("refuses expired, forged and join tokens, and tokens from another issuer (401)")
        void badTokens() {
            api.as(TOKENS.accessToken("backend", claims -> claims
                            .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                            .notBeforeTime(Date.from(Instant.now().minusSeconds(3600)))
                            .expirationTime(Date.from(Instant.now().minusSeconds(1800))), "rooms:read"))
                    .get("/api/v1/rooms").problem(401, "unauthenticated");
            api.as(TOKENS.forgedAccessToken("backend", "rooms:read")).get("/api/v1/rooms").problem(401, "unauthenticated");
            api.as(TOKENS.token("r", "u", "U")).get("/api/v1/rooms").problem(401, "unauthenticated");
            api.as(TOKENS.accessToken("backend", claims -> claims.issuer("http://evil.example"), "rooms:read"))
                    .get("/api/v1/rooms").problem(401, "unauthenticated");
        }

        @Test
        @DisplayName("lets rooms:read look but not change (403), and webhooks:manage do neither")
        void scopes() {
            ApiClient reader = api.as(TOKENS.accessToken("reporting", "rooms:read"));
            reader.get("/api/v1/rooms").expect(200);
            reader.post("/api/v1/rooms", "{}").problem(403, "insufficient-scope");
            ApiClient webhooksOnly = api.as(TOKENS.accessToken("hooks", "webhooks:manage"));
            webhooksOnly.get("/api/v1/rooms").problem(403, "insufficient-scope");
            webhooksOnly.post("/api/v1/rooms", "{}").problem(403, "insufficient-scope");
            api.as(TOKENS.accessToken("backend", "rooms:read", "rooms:write")).get("/api/v1/webhooks")
                    .problem(403, "insufficient-scope");
        }
    }
}
