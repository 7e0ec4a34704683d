package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.membership.AdmissionPolicy;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.TestPostgres;
import dev.conclave.testing.TestRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * Two signaling nodes sharing a real Redis and a PostgreSQL database of their own: rooms spread over both behave as
 * one. (Three nodes as separate processes behind the gateway, and a node killed, are in e2e-tests.)
 */
@DisplayName("two signaling nodes sharing Redis")
class RedisClusterIT {

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static PostgresServer database;
    private static String redis;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    private final List<RpcTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNodes() {
        redis = TestRedis.uri();
        database = TestPostgres.database("conclave_cluster");
        nodeA = start("node-a");
        nodeB = start("node-b");
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null && nodeB.isActive()) {
            nodeB.close();
        }
        if (nodeA != null && nodeA.isActive()) {
            nodeA.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @Test
    @DisplayName("members on different nodes see each other join, chat, relay, rate their connections and leave")
    void oneRoomTwoNodes() throws Exception {
        String room = createRoom();
        RpcTestClient ada = connect(nodeA);
        String adaId = ada.join(room, TOKENS.token(room, "ada", "Ada")).get("participant").get("id").asString();
        RpcTestClient bob = connect(nodeB);
        JsonNode bobJoined = bob.join(room, TOKENS.token(room, "bob", "Bob"));
        String bobId = bobJoined.get("participant").get("id").asString();

        assertThat(bobJoined.get("participants").findValuesAsString("id")).containsExactly(adaId);
        assertThat(ada.awaitNotification("participantJoined").get("participant").get("id").asString()).isEqualTo(bobId);

        bob.result("sendMessage", Map.of("text", "hello across nodes"));
        assertThat(ada.awaitNotification("message").get("text").asString()).isEqualTo("hello across nodes");

        ada.result("relay", Map.of("to", bobId, "payload", Map.of("type", "offer", "sdp", "v=0 across")));
        assertThat(bob.awaitNotification("relay").get("payload").get("sdp").asString()).isEqualTo("v=0 across");

        bob.result("setConnectionQuality", Map.of("level", "poor"));
        assertThat(ada.awaitNotification("connectionQuality").get("level").asString()).isEqualTo("poor");

        bob.result("leaveRoom", null);
        assertThat(ada.awaitNotification("participantLeft").get("participantId").asString()).isEqualTo(bobId);
    }

    @Test
    @DisplayName("a participant whose connection dropped resumes on the other node, as itself")
    void resumeOnTheOtherNode() throws Exception {
        String room = createRoom();
        RpcTestClient ada = connect(nodeA);
        ada.join(room, TOKENS.token(room, "ada2", "Ada"));
        RpcTestClient bob = connect(nodeA);
        JsonNode joined = bob.join(room, TOKENS.token(room, "bob2", "Bob"));
        String bobId = joined.get("participant").get("id").asString();

        bob.abort();
        assertThat(ada.awaitNotification("participantReconnecting").get("participantId").asString()).isEqualTo(bobId);
        RpcTestClient back = connect(nodeB);
        JsonNode resumed = back.result("resumeRoom", Map.of("roomId", room, "resumeToken", joined.get("resumeToken").asString()));
        assertThat(resumed.get("participant").get("id").asString()).isEqualTo(bobId);
        assertThat(ada.awaitNotification("participantResumed").get("participantId").asString()).isEqualTo(bobId);

        ada.result("sendMessage", Map.of("text", "you moved"));
        assertThat(back.awaitNotification("message").get("text").asString()).isEqualTo("you moved");
        ada.assertNoNotification("participantLeft", Duration.ofMillis(300));
    }

    @Test
    @DisplayName("a node stopped cleanly asks its clients to reconnect, and they resume on another node; nobody leaves")
    void cleanStopHandsOver() throws Exception {
        ConfigurableApplicationContext stopping = start("node-c");
        try {
            String room = createRoom();
            RpcTestClient ada = connect(nodeA);
            ada.join(room, TOKENS.token(room, "ada3", "Ada"));
            RpcTestClient bob = connect(stopping);
            JsonNode joined = bob.join(room, TOKENS.token(room, "bob3", "Bob"));
            String bobId = joined.get("participant").get("id").asString();

            stopping.close();
            assertThat(bob.awaitNotification("reconnect").get("reason").asString()).isEqualTo("node_stopping");
            assertThat(bob.awaitCloseCode()).isEqualTo(4012);
            assertThat(ada.awaitNotification("participantReconnecting").get("participantId").asString()).isEqualTo(bobId);

            RpcTestClient back = connect(nodeB);
            JsonNode resumed = back.result("resumeRoom",
                    Map.of("roomId", room, "resumeToken", joined.get("resumeToken").asString()));
            assertThat(resumed.get("participant").get("id").asString()).isEqualTo(bobId);
            assertThat(ada.awaitNotification("participantResumed").get("participantId").asString()).isEqualTo(bobId);
            ada.assertNoNotification("participantLeft", Duration.ofMillis(300));
        } finally {
            stopping.close();
        }
    }

    @Test
    @DisplayName("a resume under way when its node stops finishes and is handed over with the rest: its place is kept")
    void resumeUnderWayWhenTheNodeStops() throws Exception {
        ConfigurableApplicationContext stopping = start("node-d", HeldResume.class);
        Thread closer = new Thread(stopping::close);
        try {
            String room = createRoom();
            RpcTestClient ada = connect(nodeA);
            ada.join(room, TOKENS.token(room, "ada5", "Ada"));
            RpcTestClient bob = connect(stopping);
            JsonNode joined = bob.join(room, TOKENS.token(room, HeldResume.IDENTITY, "Bob"));
            String bobId = joined.get("participant").get("id").asString();
            bob.abort();
            ada.awaitNotification("participantReconnecting");

            HeldResume.hold();
            RpcTestClient back = connect(stopping);
            CompletableFuture<JsonNode> resuming = CompletableFuture.supplyAsync(() -> back.call("resumeRoom",
                    Map.of("roomId", room, "resumeToken", joined.get("resumeToken").asString())));
            assertThat(HeldResume.held.await(10, TimeUnit.SECONDS)).as("the resume reached its admission").isTrue();
            closer.start();
            Thread.sleep(500); // the stop is under way meanwhile, and must wait for the resume
            HeldResume.let.countDown();

            JsonNode resumed = resuming.get(10, TimeUnit.SECONDS);
            assertThat(resumed.has("result")).as("the resume's answer, before the node closed: %s", resumed).isTrue();
            assertThat(back.awaitNotification("reconnect").get("reason").asString()).isEqualTo("node_stopping");
            assertThat(back.awaitCloseCode()).isEqualTo(4012);

            JsonNode again = connect(nodeB).result("resumeRoom",
                    Map.of("roomId", room, "resumeToken", resumed.get("result").get("resumeToken").asString()));
            assertThat(again.get("participant").get("id").asString()).isEqualTo(bobId);
            ada.assertNoNotification("participantLeft", Duration.ofMillis(300));
        } finally {
            HeldResume.let.countDown();
            if (closer.isAlive()) {
                closer.join();
            }
            stopping.close();
        }
    }

    /**
     * Holds the resume of one identity in its admission checks until the test lets it go. (Not a {@code
     * @Configuration}: the other nodes' component scan would take it too.)
     */
    static class HeldResume {

        static final String IDENTITY = "bob-held";
        static volatile CountDownLatch held = new CountDownLatch(1);
        static volatile CountDownLatch let = new CountDownLatch(0);

        static void hold() {
            held = new CountDownLatch(1);
            let = new CountDownLatch(1);
        }

        @Bean
        AdmissionPolicy heldResume() {
            return (room, identity, client) -> {
                if (IDENTITY.equals(identity) && let.getCount() > 0) {
                    held.countDown();
                    try {
                        let.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }

    @Test
    @DisplayName("admission across nodes respects the room's size, and replaces the same identity on the other node")
    void sharedAdmission() throws Exception {
        String room = createRoom(2);
        connect(nodeA).join(room, TOKENS.token(room, "one", "One"));
        RpcTestClient two = connect(nodeB);
        two.join(room, TOKENS.token(room, "two", "Two"));
        connect(nodeA).error("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "three", "Three")), 4001);

        connect(nodeA).join(room, TOKENS.token(room, "two", "Two again"));
        assertThat(two.awaitCloseCode()).isEqualTo(4409);
    }

    private static String createRoom() throws Exception {
        return createRoom(16);
    }

    private static String createRoom(int max) throws Exception {
        String id = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO signaling.room (id, access, max_participants, state, created_at) VALUES (?, 'OPEN', ?, 'ACTIVE', ?)")) {
            insert.setString(1, id);
            insert.setInt(2, max);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return id;
    }

    private RpcTestClient connect(ConfigurableApplicationContext node) {
        RpcTestClient client = RpcTestClient.connect(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        clients.add(client);
        return client;
    }

    private static ConfigurableApplicationContext start(String nodeId, Class<?>... extraSources) {
        return new SpringApplicationBuilder(SignalingServiceApplication.class).sources(extraSources).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--conclave.signaling.node-id=" + nodeId,
                "--conclave.signaling.cluster.mode=redis",
                "--conclave.signaling.cluster.redis-uri=" + redis,
                "--conclave.signaling.join-tokens.issuer=" + TestTokenIssuer.ISSUER,
                "--conclave.signaling.join-tokens.auth-uri=" + TOKENS.baseUri(),
                "--conclave.signaling.join-tokens.jwks-uri=" + TOKENS.jwksUri(),
                "--spring.security.oauth2.client.registration.auth-service.client-secret=test-client-secret",
                "--conclave.signaling.membership.resume-grace=PT5S");
    }
}
