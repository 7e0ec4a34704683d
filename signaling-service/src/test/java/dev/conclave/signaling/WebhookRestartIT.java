package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.signaling.support.StandaloneNode;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.WebhookReceiver;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The outbox survives the process: an event recorded while the receiver is down, by a signaling-service that then
 * stops, is delivered by the next one to start. Both run against a database of their own, so no other test's
 * dispatcher can deliver it instead.
 */
@DisplayName("webhooks across a restart of signaling-service")
class WebhookRestartIT {

    @Test
    @DisplayName("an event recorded before a restart is delivered after it, exactly once")
    void deliveredAfterRestart() throws Exception {
        PostgresServer database = TestPostgres.database("conclave_webhook_restart");
        try (TestTokenIssuer tokens = new TestTokenIssuer()) {
            WebhookReceiver probe = new WebhookReceiver(0);
            int receiverPort = probe.port();
            String url = probe.url();
            probe.close();

            String room;
            try (ConfigurableApplicationContext first = start(database, tokens)) {
                ApiClient api = api(first, tokens);
                String endpoint = api.post("/api/v1/webhooks", "{\"url\": \"" + url + "\", \"events\": [\"room.created\"]}")
                        .expect(201).get("id").asString();
                room = api.post("/api/v1/rooms", "{}").expect(201).get("id").asString();
                awaitTrue(() -> {
                    JsonNode pending = api.get("/api/v1/webhooks/" + endpoint + "/deliveries?status=PENDING").expect(200);
                    return pending.size() == 1 && pending.get(0).get("attempts").asInt() >= 1;
                });
            }

            try (WebhookReceiver receiver = new WebhookReceiver(0, receiverPort);
                 ConfigurableApplicationContext second = start(database, tokens)) {
                awaitTrue(() -> receiver.accepted().stream().anyMatch(event -> room.equals(event.roomId())));
                Thread.sleep(1_000);
                List<WebhookReceiver.Received> forRoom = receiver.accepted().stream()
                        .filter(event -> room.equals(event.roomId())).toList();
                assertThat(forRoom).hasSize(1);
                assertThat(forRoom.get(0).type()).isEqualTo("room.created");
                assertThat(second.isRunning()).isTrue();
            }
        }
    }

    private static ConfigurableApplicationContext start(PostgresServer database, TestTokenIssuer tokens) {
        return StandaloneNode.start(database, tokens, "restart-node",
                "--conclave.signaling.webhooks.poll-interval=PT0.1S",
                "--conclave.signaling.webhooks.initial-backoff=PT0.2S",
                "--conclave.signaling.webhooks.max-backoff=PT0.5S",
                "--conclave.signaling.webhooks.request-timeout=PT1S",
                "--conclave.signaling.webhooks.allowed-networks=127.0.0.0/8");
    }

    private static ApiClient api(ConfigurableApplicationContext context, TestTokenIssuer tokens) {
        int port = StandaloneNode.port(context);
        return new ApiClient("http://127.0.0.1:" + port,
                tokens.accessToken("crm", "webhooks:manage", "rooms:read", "rooms:write"));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 15 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
