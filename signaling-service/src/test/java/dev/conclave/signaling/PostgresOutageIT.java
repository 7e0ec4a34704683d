package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.faults.RestartablePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL killed under a live room and started again: the call and its chat go on (they do not touch the database),
 * a join while it is away fails with a clear, retryable error, readiness drops while liveness holds, and everything
 * comes back by itself — with every participant's session row written.
 */
@DisplayName("a signaling node when its PostgreSQL dies and comes back")
class PostgresOutageIT {

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RestartablePostgres postgres;
    private static PostgresServer database;
    private static ConfigurableApplicationContext node;
    private static int port;
    private final List<RpcTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        postgres = RestartablePostgres.start("conclave_pg_outage");
        database = postgres.server("conclave_pg_outage");
        node = new SpringApplicationBuilder(SignalingServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                // Fail fast while the database is away instead of waiting 30 s for a connection.
                "--spring.datasource.hikari.connection-timeout=2000",
                "--conclave.signaling.node-id=pg-outage-node",
                "--conclave.signaling.join-tokens.issuer=" + TestTokenIssuer.ISSUER,
                "--conclave.signaling.join-tokens.auth-uri=" + TOKENS.baseUri(),
                "--conclave.signaling.join-tokens.jwks-uri=" + TOKENS.jwksUri(),
                "--spring.security.oauth2.client.registration.auth-service.client-secret=test-client-secret");
        port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @Test
    @DisplayName("a call and its chat go on, joins fail with a retryable error, readiness drops, and all recovers")
    void outage() throws Exception {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"));
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        RpcTestClient ada = connect();
        String adaId = ada.join(room, TOKENS.token(room, "ada", "Ada")).get("participant").get("id").asString();
        RpcTestClient bob = connect();
        String bobId = bob.join(room, TOKENS.token(room, "bob", "Bob")).get("participant").get("id").asString();

        postgres.kill();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/actuator/health/readiness") == 503);
        long unready = System.nanoTime();
        assertThat(status("/actuator/health/liveness")).as("liveness during the outage").isEqualTo(200);

        ada.result("sendMessage", Map.of("text", "still here?"));
        assertThat(bob.awaitNotification("message").get("text").asString()).isEqualTo("still here?");

        JsonNode refused = connect().call("joinRoom", Map.of("roomId", room, "token", TOKENS.token(room, "cy", "Cy")));
        assertThat(refused.has("error")).as("%s", refused).isTrue();
        assertThat(refused.get("error").get("code").asInt()).as("%s", refused).isEqualTo(-32000);
        assertThat(refused.get("error").get("data").get("name").asString()).isEqualTo("UNAVAILABLE");
        assertThat(refused.get("error").get("data").get("retryAfterMs").asLong()).isPositive();
        api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").problem(503, "unavailable");

        postgres.startAgain();
        long restarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/actuator/health/readiness") == 200);
        System.out.printf("[fault] PostgreSQL killed: unready after %d ms; started again: ready after %d ms%n",
                (unready - killed) / 1_000_000, (System.nanoTime() - restarted) / 1_000_000);
        RpcTestClient cy = connect();
        String cyId = cy.join(room, TOKENS.token(room, "cy", "Cy")).get("participant").get("id").asString();
        ada.result("sendMessage", Map.of("text", "welcome, Cy"));
        assertThat(cy.awaitNotification("message").get("text").asString()).isEqualTo("welcome, Cy");
        assertThat(sessionRows(adaId, bobId, cyId)).as("every participant's session is recorded").isEqualTo(3);
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(port);
        clients.add(client);
        return client;
    }

    private static int sessionRows(String... participants) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM signaling.participant_session WHERE id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("varchar", participants));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
