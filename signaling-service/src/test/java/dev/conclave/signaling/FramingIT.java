package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("JSON-RPC framing over a real WebSocket")
class FramingIT extends SignalingIT {

    @Test
    @DisplayName("answers malformed JSON with -32700 and a null id, and keeps the socket")
    void parseError() {
        RpcTestClient client = connect();
        client.sendRaw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
        JsonNode response = client.nextResponse();
        assertThat(response.get("id").isNull()).isTrue();
        client.errorOf(response, -32700);
        client.result("ping", null);
    }

    @Test
    @DisplayName("refuses duplicate keys as a parse error")
    void duplicateKeys() {
        RpcTestClient client = connect();
        client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"leaveRoom\"}");
        client.errorOf(client.nextResponse(), -32700);
    }

    @Test
    @DisplayName("refuses batches, non-objects, unknown members, a wrong version and a bad id with -32600")
    void invalidRequests() {
        RpcTestClient client = connect();
        for (String frame : List.of(
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
                "42",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"extra\":true}",
                "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}")) {
            client.sendRaw(frame);
            client.errorOf(client.nextResponse(), -32600);
        }
    }

    @Test
    @DisplayName("answers an unknown method with -32601, echoing a string id")
    void unknownMethod() {
        RpcTestClient client = connect();
        client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"launchMissiles\"}");
        JsonNode response = client.nextResponse();
        assertThat(response.get("id").asString()).isEqualTo("abc");
        client.errorOf(response, -32601);
    }

    @Test
    @DisplayName("refuses params that are not an object, unknown params and wrong types with -32602")
    void invalidParams() {
        RpcTestClient client = connect();
        client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1,2]}");
        client.errorOf(client.nextResponse(), -32602);
        JsonNode unknown = client.error("ping", Map.of("verbose", true), -32602);
        assertThat(unknown.get("data").get("field").asString()).isEqualTo("verbose");
        JsonNode wrongType = client.error("joinRoom", Map.of("roomId", 12, "token", "t"), -32602);
        assertThat(wrongType.get("data").get("field").asString()).isEqualTo("roomId");
    }

    @Test
    @DisplayName("needs joinRoom before room methods (2000)")
    void notJoined() {
        RpcTestClient client = connect();
        client.error("sendMessage", Map.of("text", "hi"), 2000);
        client.error("relay", Map.of("to", "p_1", "payload", Map.of("type", "offer", "sdp", "x")), 2000);
        client.error("setMuted", Map.of("kind", "audio", "muted", true), 2000);
        client.error("leaveRoom", null, 2000);
    }

    @Test
    @DisplayName("does not answer a request without id, even when it fails")
    void clientNotifications() {
        RpcTestClient client = connect();
        client.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
        client.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"noSuchMethod\"}");
        JsonNode response = client.call("ping", null);
        assertThat(response.get("id").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("answers a frame over 64 KiB with 1000 and keeps the socket and the room")
    void messageTooLarge() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        ada.client().sendRaw("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"sendMessage\",\"params\":{\"text\":\""
                + "x".repeat(70_000) + "\"}}");
        JsonNode error = ada.client().errorOf(ada.client().nextResponse(), 1000);
        assertThat(error.get("data").get("name").asString()).isEqualTo("MESSAGE_TOO_LARGE");

        ada.client().result("sendMessage", Map.of("text", "after the big one"));
        assertThat(bob.client().awaitNotification("message").get("text").asString()).isEqualTo("after the big one");
    }

    @Test
    @DisplayName("closes the socket with 1009 on a frame over 128 KiB; the others stay")
    void frameTooLarge() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        ada.client().sendRaw("x".repeat(200_000));
        assertThat(ada.client().awaitCloseCode()).isEqualTo(1009);
        assertThat(bob.client().awaitNotification("participantLeft").get("participantId").asString())
                .isEqualTo(ada.participantId());
        bob.client().result("ping", null);
    }

    @Test
    @DisplayName("closes the socket with 1003 on a binary frame")
    void binaryFrame() {
        RpcTestClient client = connect();
        client.sendBinary(new byte[] {1, 2, 3});
        assertThat(client.awaitCloseCode()).isEqualTo(1003);
    }

    @Test
    @DisplayName("survives a burst of garbage from one client while another chats")
    void garbageDoesNotDisturbOthers() {
        String room = openRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");

        for (int i = 0; i < 200; i++) {
            ada.client().sendRaw(i % 2 == 0 ? "\u0000\u0001garbage" + i : "{\"jsonrpc\":\"2.0\",\"id\":" + i + "}");
        }
        bob.client().result("sendMessage", Map.of("text", "unbothered"));
        assertThat(ada.client().awaitNotification("message", Duration.ofSeconds(5)).get("text").asString())
                .isEqualTo("unbothered");
    }
}
