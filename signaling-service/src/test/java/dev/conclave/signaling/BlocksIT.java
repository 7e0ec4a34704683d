package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

@DisplayName("room blocklists")
class BlocksIT extends SignalingIT {

    private ApiClient api;
    private String room;

    @BeforeEach
    void roomAndApi() {
        api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:read", "rooms:write"));
        room = openRoom();
    }

    @Test
    @DisplayName("blocking an identity removes it at once and refuses its joins (4006, closed 4403) until unblocked")
    void blockIdentity() {
        Joined ada = joinAs(room, "Ada");
        RpcTestClient troll = connect();
        String trollId = troll.join(room, TOKENS.token(room, "troll-1", "Troll")).get("participant").get("id").asString();

        JsonNode block = api.post("/api/v1/rooms/" + room + "/blocks", "{\"identity\": \"troll-1\", \"reason\": \"spam\"}")
                .expect(201);
        assertThat(troll.awaitNotification("removed").get("reason").asString()).isEqualTo("blocked");
        assertThat(troll.awaitCloseCode()).isEqualTo(4411);
        assertThat(ada.client().awaitNotification("participantLeft").get("participantId").asString()).isEqualTo(trollId);

        RpcTestClient again = connect();
        JsonNode error = again.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "troll-1", "Troll")), 4006);
        assertThat(error.get("data").get("name").asString()).isEqualTo("BLOCKED");
        assertThat(again.awaitCloseCode()).isEqualTo(4403);

        assertThat(api.get("/api/v1/rooms/" + room + "/blocks").expect(200).findValuesAsString("identity")).contains("troll-1");
        api.delete("/api/v1/rooms/" + room + "/blocks/" + block.get("id").asLong()).expect(204);
        connect().join(room, TOKENS.token(room, "troll-1", "Troll"));
    }

    @Test
    @DisplayName("blocking an address refuses whoever connects from it (through the gateway), whatever their identity")
    void blockAddress() {
        api.post("/api/v1/rooms/" + room + "/blocks", "{\"address\": \"198.51.100.66\"}").expect(201);
        RpcTestClient fromThere = connect(Map.of("X-Forwarded-For", "198.51.100.66", SECRET_HEADER, FORWARDING_SECRET));
        fromThere.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "someone", "Someone")), 4006);
        RpcTestClient fromElsewhere = connect(Map.of("X-Forwarded-For", "198.51.100.67", SECRET_HEADER, FORWARDING_SECRET));
        fromElsewhere.join(room, TOKENS.token(room, "someone", "Someone"));
    }

    @Test
    @DisplayName("a block on an address matches every spelling of it")
    void everySpelling() {
        api.post("/api/v1/rooms/" + room + "/blocks", "{\"address\": \"2001:db8::66\"}").expect(201);
        api.post("/api/v1/rooms/" + room + "/blocks", "{\"address\": \"::ffff:198.51.100.77\"}").expect(201);
        for (String spelling : List.of("2001:DB8:0:0::66", "2001:db8:0:0:0:0:0:66", "198.51.100.77")) {
            RpcTestClient client = connect(Map.of("X-Forwarded-For", spelling, SECRET_HEADER, FORWARDING_SECRET));
            client.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "someone", "Someone")), 4006);
        }
    }

    @Nested
    @DisplayName("a client connecting directly, with an X-Forwarded-For of its own")
    class ForgedForwardedFor {

        @ParameterizedTest(name = "secret: {0}")
        @NullSource
        @ValueSource(strings = {"", "wrong-secret-wrong-secret", "test-forwarding-secret-012345678",
                "test-forwarding-secret-0123456789x"})
        @DisplayName("stays its real address: a block on it still holds, however it spells another one")
        void blockedStaysBlocked(String secret) {
            api.post("/api/v1/rooms/" + room + "/blocks", "{\"address\": \"127.0.0.1\"}").expect(201);
            for (String forged : List.of("198.51.100.9", "198.51.100.9, 203.0.113.1", "::ffff:198.51.100.9",
                    "not-an-address")) {
                Map<String, String> headers = new HashMap<>(Map.of("X-Forwarded-For", forged));
                if (secret != null) {
                    headers.put(SECRET_HEADER, secret);
                }
                RpcTestClient forging = connect(headers);
                JsonNode error = forging.error("joinRoom",
                        Map.of("roomId", room, "token", TOKENS.token(room, "forger", "Forger")), 4006);
                assertThat(error.get("data").get("name").asString()).as(forged).isEqualTo("BLOCKED");
            }
        }

        @Test
        @DisplayName("is recorded under its real address")
        void recordedAsItself() {
            RpcTestClient forging = connect(Map.of("X-Forwarded-For", "203.0.113.50"));
            String id = forging.join(room, TOKENS.token(room, "forger", "Forger")).get("participant").get("id").asString();
            assertThat(jdbc.queryForObject("SELECT remote_address FROM participant_session WHERE id = ?", String.class, id))
                    .isEqualTo("127.0.0.1");
        }
    }

    @Test
    @DisplayName("refuses a block with neither identity nor address, a bad address, and an unknown block")
    void badInput() {
        api.post("/api/v1/rooms/" + room + "/blocks", "{\"reason\": \"no one\"}").invalidField("identity");
        api.post("/api/v1/rooms/" + room + "/blocks", "{\"address\": \"not an address\"}").invalidField("address");
        api.delete("/api/v1/rooms/" + room + "/blocks/999999").problem(404, "block-not-found");
        api.post("/api/v1/rooms/nowhere-at-all/blocks", "{\"identity\": \"x\"}").problem(404, "room-not-found");
    }
}
