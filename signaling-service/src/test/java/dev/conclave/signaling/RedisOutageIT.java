package dev.conclave.signaling;

import static dev.conclave.signaling.support.LiveCall.awaitMessage;
import static dev.conclave.signaling.support.LiveCall.keepAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.signaling.support.FaultFigures;
import dev.conclave.signaling.support.RetryingJoin;
import dev.conclave.signaling.support.StandaloneNode;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.Pause;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.TestPostgres;
import dev.conclave.testing.faults.RestartableRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Redis away under a live room spread over two signaling nodes — stopped for a minute once, then killed briefly
 * twice — and back empty each time (no persistence: the worst case). While it is away a call whose members share a
 * node goes on (chat and relay), members on the other node hear nothing from them (Redis is the only path between
 * nodes), joins fail with {@code UNAVAILABLE} and {@code retryAfterMs} within the command timeout, readiness drops and
 * liveness never does. When Redis is back each node puts its own members back in the roster, the room channels are
 * subscribed again, and a join retried all along gets in, all by themselves: nobody leaves or is lost.
 */
@DisplayName("two signaling nodes when their Redis goes away and comes back empty")
class RedisOutageIT {

    /** The figure; {@code -Dconclave.test.outage=PT5S} for a quick local run. */
    private static final Duration LONG_OUTAGE = Duration.parse(System.getProperty("conclave.test.outage", "PT60S"));
    private static final Duration SHORT_OUTAGE = Duration.ofSeconds(5);
    /** An answer during the outage comes within the command timeout (2 s here) and some slack, never later. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(4);

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static RestartableRedis redis;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private final List<RpcTestClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNodes() {
        redis = RestartableRedis.start();
        PostgresServer database = TestPostgres.database("conclave_redis_outage");
        nodeA = start("outage-a", database);
        nodeB = start("outage-b", database);
    }

    private static ConfigurableApplicationContext start(String node, PostgresServer database) {
        return StandaloneNode.start(database, TOKENS, node,
                "--conclave.signaling.cluster.mode=redis",
                "--conclave.signaling.cluster.redis-uri=" + redis.uri(),
                "--conclave.signaling.cluster.command-timeout=PT2S");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @Test
    @DisplayName("a call on one node goes on, joins fail retryably, readiness drops, liveness holds, and all recovers")
    void outages() throws Exception {
        ApiClient api = new ApiClient(base(nodeA), TOKENS.accessToken("backend", "rooms:read", "rooms:write"));
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        RpcTestClient ada = connect(nodeA);
        String adaId = ada.join(room, TOKENS.token(room, "ada", "Ada")).get("participant").get("id").asString();
        RpcTestClient bob = connect(nodeA);
        String bobId = bob.join(room, TOKENS.token(room, "bob", "Bob")).get("participant").get("id").asString();
        RpcTestClient cy = connect(nodeB);
        String cyId = cy.join(room, TOKENS.token(room, "cy", "Cy")).get("participant").get("id").asString();
        List<String> everyone = new ArrayList<>(List.of(adaId, bobId, cyId));
        List<RpcTestClient> listeners = new ArrayList<>(List.of(ada, bob, cy));
        FaultFigures figures = new FaultFigures(
                "Redis away (stopped " + LONG_OUTAGE.toSeconds() + " s once, killed " + SHORT_OUTAGE.toSeconds()
                        + " s twice), two nodes");

        for (int run = 0; run < 3; run++) {
            boolean longOne = run == 0;
            if (longOne) {
                redis.stop();
            } else {
                redis.kill();
            }
            long away = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> keepAlive(listeners) && status(nodeA, "/actuator/health/readiness") == 503
                            && status(nodeB, "/actuator/health/readiness") == 503);
            RetryingJoin dan = RetryingJoin.start(() -> connect(nodeB), room, TOKENS.token(room, "dan" + run, "Dan " + run));

            AtomicInteger said = new AtomicInteger();
            Duration outage = longOne ? LONG_OUTAGE : SHORT_OUTAGE;
            while (System.nanoTime() - away < outage.toNanos()) {
                assertThat(status(nodeA, "/actuator/health/liveness")).as("liveness of A during the outage").isEqualTo(200);
                assertThat(status(nodeB, "/actuator/health/liveness")).as("liveness of B during the outage").isEqualTo(200);
                assertThat(status(nodeA, "/actuator/health/readiness")).as("readiness of A during the outage").isEqualTo(503);
                keepAlive(listeners);
                String text = "still here " + run + "." + said.incrementAndGet();
                ada.result("sendMessage", Map.of("text", text));
                awaitMessage(bob, text);
                ada.result("relay", Map.of("to", bobId, "payload", Map.of("type", "offer", "sdp", "v=0 " + text)));
                assertThat(bob.awaitNotification("relay").get("payload").get("sdp").asString()).isEqualTo("v=0 " + text);
                Pause.of(Duration.ofMillis(longOne ? 2_000 : 500));
            }
            assertThat(dan.isJoined()).as("a join while Redis is away").isFalse();

            redis.startAgain();
            long back = System.nanoTime();
            JsonNode danJoined = dan.awaitJoined(Duration.ofSeconds(20));
            String danId = danJoined.get("participant").get("id").asString();
            everyone.add(danId);
            listeners.add(dan.client());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> crossNodeChatWorks(ada, cy) && crossNodeChatWorks(cy, ada));
            long recovered = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> keepAlive(listeners) && status(nodeA, "/actuator/health/readiness") == 200
                            && status(nodeB, "/actuator/health/readiness") == 200);
            figures.recovered((recovered - back) / 1_000_000);

            assertThat(dan.attempts()).as("every answer while Redis was away: %s", dan.attempts())
                    .allSatisfy(attempt -> {
                        assertThat(attempt.outcome()).isIn("UNAVAILABLE", "ok");
                        assertThat(attempt.tookMillis()).isLessThan(ANSWER_BOUND.toMillis());
                    });
            assertThat(dan.attempts()).filteredOn(attempt -> attempt.outcome().equals("UNAVAILABLE"))
                    .allSatisfy(attempt -> assertThat(attempt.retryAfterMs()).isPositive())
                    .isNotEmpty();
            ada.result("relay", Map.of("to", cyId, "payload", Map.of("type", "offer", "sdp", "v=0 across " + run)));
            assertThat(cy.awaitNotification("relay").get("payload").get("sdp").asString()).isEqualTo("v=0 across " + run);
            List<String> listed = participants(api, room);
            figures.lost(everyone.stream().filter(id -> !listed.contains(id)).count());
            assertThat(listed).as("the roster after run %d", run).containsExactlyInAnyOrderElementsOf(everyone);
        }
        for (RpcTestClient member : List.of(ada, bob, cy)) {
            member.assertNoNotification("participantLeft", Duration.ofMillis(200));
            assertThat(member.isClosed()).isFalse();
        }
        figures.print();
    }

    /** Whether a message from one reaches the other within a second (they are on different nodes). */
    private static boolean crossNodeChatWorks(RpcTestClient from, RpcTestClient to) {
        String text = "across " + System.nanoTime();
        JsonNode sent = from.call("sendMessage", Map.of("text", text));
        if (sent.has("error")) {
            return false;
        }
        try {
            while (true) {
                if (to.awaitNotification("message", Duration.ofSeconds(1)).get("text").asString().equals(text)) {
                    return true;
                }
            }
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static List<String> participants(ApiClient api, String room) {
        JsonNode listed = api.get("/api/v1/rooms/" + room + "/participants").expect(200);
        JsonNode items = listed.has("participants") ? listed.get("participants") : listed;
        return items.findValuesAsString("id");
    }

    private RpcTestClient connect(ConfigurableApplicationContext node) {
        RpcTestClient client = RpcTestClient.connect(port(node));
        clients.add(client);
        return client;
    }

    private static int port(ConfigurableApplicationContext node) {
        return StandaloneNode.port(node);
    }

    private static String base(ConfigurableApplicationContext node) {
        return "http://127.0.0.1:" + port(node);
    }

    private static int status(ConfigurableApplicationContext node, String path) throws Exception {
        return StandaloneNode.status(node, path);
    }
}
