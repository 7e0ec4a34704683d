package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
    @DisplayName("blocking an address refuses whoever connects from it, whatever their identity")
    void blockAddress() {
        api.post("/api/v1/rooms/" + room + "/blocks", "{\"address\": \"198.51.100.66\"}").expect(201);
        RpcTestClient fromThere = connect(Map.of("X-Forwarded-For", "198.51.100.66"));
        fromThere.error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "someone", "Someone")), 4006);
        RpcTestClient fromElsewhere = connect(Map.of("X-Forwarded-For", "198.51.100.67"));
        fromElsewhere.join(room, TOKENS.token(room, "someone", "Someone"));
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
