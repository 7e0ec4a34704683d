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
import dev.conclave.testing.faults.RestartablePostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL away under a live room — stopped for a minute once, then killed briefly twice — with the time limits of
 * application.yml (nothing shortened for the test). The call and its chat go on (they do not touch the database); a
 * client retrying its join every {@code retryAfterMs} gets only {@code UNAVAILABLE}, each answer within the pool's
 * time limit, and gets in once the database is back without doing anything else; the REST API answers 503 with
 * Retry-After; readiness drops while liveness holds. Afterwards every participant has exactly one session row, a
 * leave during the outage is recorded (its row closed, its {@code participant.left} event written once), and every
 * join's {@code participant.joined} event is there exactly once.
 */
@DisplayName("a signaling node when its PostgreSQL goes away and comes back")
class PostgresOutageIT {

    /** The figure; {@code -Dconclave.test.outage=PT5S} for a quick local run. */
    private static final Duration LONG_OUTAGE = Duration.parse(System.getProperty("conclave.test.outage", "PT60S"));
    private static final Duration SHORT_OUTAGE = Duration.ofSeconds(5);
    /** Hikari's connection-timeout (3 s in application.yml) and some slack. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static RestartablePostgres postgres;
    private static PostgresServer database;
    private static ConfigurableApplicationContext node;
    private static int port;
    private final List<RpcTestClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNode() {
        postgres = RestartablePostgres.start("conclave_pg_outage");
        database = postgres.server("conclave_pg_outage");
        node = StandaloneNode.start(database, TOKENS, "pg-outage-node",
                "--conclave.signaling.webhooks.allowed-networks=127.0.0.0/8");
        port = StandaloneNode.port(node);
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
    @DisplayName("a call and its chat go on, joins retried get in afterwards, readiness drops, and no row is lost")
    void outages() throws Exception {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"));
        new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "webhooks:manage"))
                .post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/hook\", "
                        + "\"events\": [\"participant.joined\", \"participant.left\"]}").expect(201);
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        RpcTestClient ada = connect();
        String adaId = ada.join(room, TOKENS.token(room, "ada", "Ada")).get("participant").get("id").asString();
        RpcTestClient bob = connect();
        String bobId = bob.join(room, TOKENS.token(room, "bob", "Bob")).get("participant").get("id").asString();
        List<String> joined = new ArrayList<>(List.of(adaId, bobId));
        List<String> left = new ArrayList<>();
        List<RpcTestClient> listeners = new ArrayList<>(List.of(ada, bob));
        FaultFigures figures = new FaultFigures("PostgreSQL away (stopped " + LONG_OUTAGE.toSeconds()
                + " s once, killed " + SHORT_OUTAGE.toSeconds() + " s twice)");

        for (int run = 0; run < 3; run++) {
            boolean longOne = run == 0;
            RpcTestClient dee = connect();
            String deeId = dee.join(room, TOKENS.token(room, "dee" + run, "Dee")).get("participant").get("id").asString();
            joined.add(deeId);
            if (longOne) {
                postgres.stop();
            } else {
                postgres.kill();
            }
            long away = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> keepAlive(listeners) && status("/actuator/health/readiness") == 503);
            RetryingJoin cy = RetryingJoin.start(this::connect, room, TOKENS.token(room, "cy" + run, "Cy"));
            ApiClient.Response refused = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}");
            refused.problem(503, "unavailable");
            assertThat(refused.header("Retry-After")).isNotBlank();

            dee.result("leaveRoom", null); // a leave while the database is away: recorded once it is back
            left.add(deeId);
            Duration outage = longOne ? LONG_OUTAGE : SHORT_OUTAGE;
            int said = 0;
            while (System.nanoTime() - away < outage.toNanos()) {
                assertThat(status("/actuator/health/liveness")).as("liveness during the outage").isEqualTo(200);
                assertThat(status("/actuator/health/readiness")).as("readiness during the outage").isEqualTo(503);
                keepAlive(listeners);
                String text = "still here " + run + "." + ++said;
                ada.result("sendMessage", Map.of("text", text));
                awaitMessage(bob, text);
                ada.result("relay", Map.of("to", bobId, "payload", Map.of("type", "offer", "sdp", "v=0 " + text)));
                assertThat(bob.awaitNotification("relay").get("payload").get("sdp").asString()).isEqualTo("v=0 " + text);
                Pause.of(Duration.ofMillis(longOne ? 2_000 : 500));
            }
            assertThat(cy.isJoined()).as("a join while PostgreSQL is away").isFalse();

            postgres.startAgain();
            long back = System.nanoTime();
            String cyId = cy.awaitJoined(Duration.ofSeconds(30)).get("participant").get("id").asString();
            joined.add(cyId);
            listeners.add(cy.client());
            figures.recovered((cy.joinedAtNanos() - back) / 1_000_000);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> keepAlive(listeners) && status("/actuator/health/readiness") == 200);
            assertThat(cy.attempts()).as("every answer while PostgreSQL was away: %s", cy.attempts())
                    .allSatisfy(attempt -> {
                        assertThat(attempt.outcome()).isIn("UNAVAILABLE", "ok");
                        assertThat(attempt.tookMillis()).isLessThan(ANSWER_BOUND.toMillis());
                    });
            assertThat(cy.attempts()).filteredOn(attempt -> attempt.outcome().equals("UNAVAILABLE"))
                    .allSatisfy(attempt -> assertThat(attempt.retryAfterMs()).isPositive()).isNotEmpty();
            ada.result("sendMessage", Map.of("text", "welcome " + run));
            assertThat(cy.client().awaitNotification("message").get("text").asString()).isEqualTo("welcome " + run);
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> closedRows(left) == left.size());
        Map<String, Integer> rows = sessionRows(room);
        Map<String, Integer> joinedEvents = events(room, "participant.joined");
        Map<String, Integer> leftEvents = events(room, "participant.left");
        long lost = joined.stream().filter(id -> rows.getOrDefault(id, 0) != 1
                || joinedEvents.getOrDefault(id, 0) != 1).count()
                + left.stream().filter(id -> leftEvents.getOrDefault(id, 0) != 1).count();
        figures.lost(lost);
        figures.print();
        assertThat(rows).as("session rows: one per participant, no other").containsOnlyKeys(joined)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(joinedEvents).as("participant.joined events").containsOnlyKeys(joined)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(leftEvents).as("participant.left events").containsOnlyKeys(left)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(port);
        clients.add(client);
        return client;
    }

    private static Connection connection() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    /** Session rows per participant id in the room. */
    private static Map<String, Integer> sessionRows(String room) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection connection = connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, count(*) FROM signaling.participant_session WHERE room_id = ? GROUP BY id")) {
            select.setString(1, room);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.put(row.getString(1), row.getInt(2));
                }
            }
        }
        return rows;
    }

    private static int closedRows(List<String> participants) throws Exception {
        try (Connection connection = connection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM signaling.participant_session "
                     + "WHERE id = ANY (?) AND left_at IS NOT NULL AND leave_reason = 'left'")) {
            select.setArray(1, connection.createArrayOf("varchar", participants.toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Outbox events of this type per participant id in the room. */
    private static Map<String, Integer> events(String room, String type) throws Exception {
        Map<String, Integer> events = new HashMap<>();
        try (Connection connection = connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT payload::jsonb -> 'data' -> 'participant' ->> 'id' FROM signaling.webhook_event "
                             + "WHERE room_id = ? AND type = ?")) {
            select.setString(1, room);
            select.setString(2, type);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.merge(row.getString(1), 1, Integer::sum);
                }
            }
        }
        return events;
    }

    private static int status(String path) throws Exception {
        return StandaloneNode.status(node, path);
    }
}
