package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.support.StandaloneNode;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Chat flooded by many participants of one room at once, each inside its own limit: the room's limit holds
 * (conclave.signaling.chat.room-burst / room-refill, here 20 then one a second), the refused get 1001 with
 * {@code retryAfterMs} and keep their own allowance, every accepted message reaches everyone, and another room on
 * the same node is not affected.
 */
@DisplayName("a room whose members flood its chat together")
class RoomChatFloodIT {

    private static final int FLOODERS = 6;
    private static final int EACH = 10;
    private static final int ROOM_BURST = 20;
    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static ConfigurableApplicationContext node;
    private static int port;
    private final List<RpcTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        PostgresServer database = TestPostgres.database("conclave_room_chat_flood");
        node = StandaloneNode.start(database, TOKENS, "chat-flood-node",
                "--conclave.signaling.chat.room-burst=" + ROOM_BURST,
                "--conclave.signaling.chat.room-refill=PT1S");
        port = StandaloneNode.port(node);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        TOKENS.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @Test
    @DisplayName("the room's limit holds, the refused may retry, everyone gets what was accepted, other rooms talk on")
    void roomLimitHolds() {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"));
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        String quiet = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        RpcTestClient watcher = connect();
        watcher.join(room, TOKENS.token(room, "watcher", "Watcher"));
        List<RpcTestClient> flooders = new ArrayList<>();
        for (int i = 0; i < FLOODERS; i++) {
            RpcTestClient flooder = connect();
            flooder.join(room, TOKENS.token(room, "flooder-" + i, "Flooder " + i));
            flooders.add(flooder);
        }
        RpcTestClient elsewhere = connect();
        elsewhere.join(quiet, TOKENS.token(quiet, "ada", "Ada"));
        RpcTestClient elsewhereToo = connect();
        elsewhereToo.join(quiet, TOKENS.token(quiet, "bob", "Bob"));

        long started = System.nanoTime();
        Set<String> accepted = new HashSet<>();
        int refused = 0;
        for (int round = 0; round < EACH; round++) {
            for (int i = 0; i < FLOODERS; i++) {
                String text = "flood " + i + "/" + round;
                JsonNode response = flooders.get(i).call("sendMessage", Map.of("text", text));
                if (response.has("error")) {
                    JsonNode error = response.get("error");
                    assertThat(error.get("code").asInt()).as("%s", response).isEqualTo(1001);
                    assertThat(error.get("data").get("retryAfterMs").asLong()).isBetween(1L, 1_000L);
                    refused++;
                } else {
                    accepted.add(text);
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
        System.out.printf("[abuse] %d members flooding one room's chat, %d messages each: %d accepted, %d refused "
                + "(room limit %d, then 1/s, over %d s)%n", FLOODERS, EACH, accepted.size(), refused, ROOM_BURST, seconds);
        assertThat(accepted.size()).as("accepted within the room's limit").isLessThanOrEqualTo(ROOM_BURST + (int) seconds);
        assertThat(refused).isPositive();

        elsewhere.result("sendMessage", Map.of("text", "we are fine here"));
        assertThat(elsewhereToo.awaitNotification("message").get("text").asString()).isEqualTo("we are fine here");

        Set<String> received = new HashSet<>();
        for (int i = 0; i < accepted.size(); i++) {
            received.add(watcher.awaitNotification("message").get("text").asString());
        }
        assertThat(received).as("every accepted message reached the room").isEqualTo(accepted);
        watcher.assertNoNotification("message", Duration.ofMillis(300));
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(port);
        clients.add(client);
        return client;
    }
}
