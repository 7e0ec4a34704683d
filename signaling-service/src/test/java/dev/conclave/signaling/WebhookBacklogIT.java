package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.support.StandaloneNode;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.TestPostgres;
import dev.conclave.testing.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A room's webhook backlog drains at the receiver's pace: a crowd joining at once makes one event each, and they must
 * not trickle out one per poll. The poll interval here is long (5 s), so a dispatcher that attempted only the head of
 * each queue per poll would need minutes for what must arrive within one or two polls.
 */
@DisplayName("a room's webhook backlog")
class WebhookBacklogIT {

    private static final int JOINERS = 30;

    @Test
    @DisplayName("thirty joins are delivered, in order, within two polls")
    void drainsWithinAPoll() throws Exception {
        PostgresServer database = TestPostgres.database("conclave_webhook_backlog");
        List<RpcTestClient> clients = new ArrayList<>();
        try (TestTokenIssuer tokens = new TestTokenIssuer();
             WebhookReceiver receiver = new WebhookReceiver(0);
             ConfigurableApplicationContext node = start(database, tokens)) {
            int port = StandaloneNode.port(node);
            ApiClient api = new ApiClient("http://127.0.0.1:" + port,
                    tokens.accessToken("crm", "webhooks:manage", "rooms:read", "rooms:write"));
            api.post("/api/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": [\"participant.joined\"]}")
                    .expect(201);
            String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\", \"maxParticipants\": 50}").expect(201)
                    .get("id").asString();
            List<String> joined = new ArrayList<>();
            for (int i = 0; i < JOINERS; i++) {
                RpcTestClient client = RpcTestClient.connect(port);
                clients.add(client);
                joined.add(client.join(room, tokens.token(room, "member-" + i, "Member " + i))
                        .get("participant").get("id").asString());
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(11).toNanos();
            while (receiver.accepted().size() < JOINERS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(receiver.accepted()).as("delivered within two polls of 5 s").hasSize(JOINERS);
            assertThat(receiver.accepted()).extracting(event -> event.json().get("data").get("participant").get("id")
                    .asString()).as("in the order they joined").containsExactlyElementsOf(joined);
        } finally {
            clients.forEach(RpcTestClient::close);
        }
    }

    private static ConfigurableApplicationContext start(PostgresServer database, TestTokenIssuer tokens) {
        return StandaloneNode.start(database, tokens, "backlog-node",
                "--conclave.signaling.webhooks.poll-interval=PT5S",
                "--conclave.signaling.webhooks.request-timeout=PT2S",
                "--conclave.signaling.webhooks.allowed-networks=127.0.0.0/8");
    }
}
