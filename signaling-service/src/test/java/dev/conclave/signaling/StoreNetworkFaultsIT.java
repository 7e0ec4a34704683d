package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.support.FaultFigures;
import dev.conclave.signaling.support.StandaloneNode;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.Pause;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.TestPostgres;
import dev.conclave.testing.faults.FaultProxy;
import dev.conclave.testing.faults.RestartableRedis;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The paths from a signaling node (cluster mode redis) to its Redis and to its PostgreSQL broken through a
 * {@link FaultProxy}, with the time limits of application.yml: Redis's command-timeout (2 s), Hikari's
 * connection-timeout (3 s) and the driver's socketTimeout (5 s). Under latency everything works, slower; under a stall
 * or a black hole a join fails with {@code UNAVAILABLE} within its limit — never an internal error, never a container
 * thread held longer — and works again by itself once the path is restored; after a reset it works again at once.
 */
@DisplayName("a signaling node when the network to its Redis or its PostgreSQL breaks")
class StoreNetworkFaultsIT {

    /** command-timeout (2 s) or socketTimeout (5 s), and slack for a join's few calls. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(8);
    private static final int RUNS = 3;

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static RestartableRedis redis;
    private static FaultProxy toRedis;
    private static FaultProxy toPostgres;
    private static ConfigurableApplicationContext node;
    private static int port;
    private static String room;
    private static int joiners;
    private final List<RpcTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        redis = RestartableRedis.start();
        toRedis = FaultProxy.start("redis", redis.port());
        PostgresServer database = TestPostgres.database("conclave_store_faults");
        toPostgres = FaultProxy.start("postgres", new InetSocketAddress(database.host(), database.port()), 0);
        node = StandaloneNode.start("jdbc:postgresql://" + toPostgres.hostPort() + "/" + database.database(), database,
                TOKENS, "store-faults",
                "--conclave.signaling.cluster.mode=redis",
                "--conclave.signaling.cluster.redis-uri=redis://" + toRedis.hostPort());
        port = StandaloneNode.port(node);
        room = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"))
                .post("/api/v1/rooms", "{\"access\": \"TOKEN\", \"maxParticipants\": 1000}").expect(201).get("id")
                .asString();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {toRedis, toPostgres, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the JVM is going anyway
            }
        }
    }

    @AfterEach
    void closeClients() {
        toRedis.restore();
        toPostgres.restore();
        clients.forEach(RpcTestClient::close);
        clients.clear();
    }

    @Nested
    @DisplayName("between signaling and Redis")
    class ToRedis {

        @Test
        @DisplayName("200 ms per chunk: joins and chat work, slower")
        void latency() {
            slowButWorking(toRedis);
        }

        @Test
        @DisplayName("a stall: joins fail with UNAVAILABLE within the command timeout, and work once it passes")
        void stall() throws Exception {
            brokenThenRestored("signaling-Redis stall", toRedis, FaultProxy::stall);
        }

        @Test
        @DisplayName("a black hole: joins fail with UNAVAILABLE within the command timeout, and work once it ends")
        void blackHole() throws Exception {
            brokenThenRestored("signaling-Redis black hole", toRedis, FaultProxy::blackHole);
        }

        @Test
        @DisplayName("every connection reset: joins work again within moments")
        void reset() throws Exception {
            resetThenWorking("signaling-Redis reset", toRedis);
        }
    }

    @Nested
    @DisplayName("between signaling and PostgreSQL")
    class ToPostgres {

        @Test
        @DisplayName("200 ms per chunk: joins and chat work, slower")
        void latency() {
            slowButWorking(toPostgres);
        }

        @Test
        @DisplayName("a stall: joins fail with UNAVAILABLE within the socket timeout, and work once it passes")
        void stall() throws Exception {
            brokenThenRestored("signaling-PostgreSQL stall", toPostgres, FaultProxy::stall);
        }

        @Test
        @DisplayName("a black hole: joins fail with UNAVAILABLE within the socket timeout, and work once it ends")
        void blackHole() throws Exception {
            brokenThenRestored("signaling-PostgreSQL black hole", toPostgres, FaultProxy::blackHole);
        }

        @Test
        @DisplayName("every connection reset: joins work again within moments")
        void reset() throws Exception {
            resetThenWorking("signaling-PostgreSQL reset", toPostgres);
        }
    }

    private void slowButWorking(FaultProxy proxy) {
        RpcTestClient ada = connect();
        ada.join(room, token());
        proxy.latency(Duration.ofMillis(200));
        long started = System.nanoTime();
        RpcTestClient bob = connect();
        JsonNode joined = bob.call("joinRoom", Map.of("roomId", room, "token", token()));
        long took = (System.nanoTime() - started) / 1_000_000;
        assertThat(joined.has("error")).as("%s", joined).isFalse();
        ada.result("sendMessage", Map.of("text", "slow but here"));
        assertThat(bob.awaitNotification("message").get("text").asString()).isEqualTo("slow but here");
        System.out.printf("[fault] %s latency 200 ms per chunk: a join took %d ms%n", proxy == toRedis ? "signaling-Redis"
                : "signaling-PostgreSQL", took);
    }

    private void brokenThenRestored(String name, FaultProxy proxy, Consumer<FaultProxy> fault) throws Exception {
        FaultFigures figures = new FaultFigures(name);
        for (int run = 0; run < RUNS; run++) {
            fault.accept(proxy);
            long started = System.nanoTime();
            JsonNode refused = connect().call("joinRoom", Map.of("roomId", room, "token", token()));
            long took = (System.nanoTime() - started) / 1_000_000;
            assertThat(refused.has("error")).as("%s", refused).isTrue();
            assertThat(refused.get("error").get("data").get("name").asString()).as("%s", refused)
                    .isEqualTo("UNAVAILABLE");
            assertThat(refused.get("error").get("data").get("retryAfterMs").asLong()).isPositive();
            assertThat(took).as("the refusal's time").isLessThan(ANSWER_BOUND.toMillis());
            proxy.restore();
            figures.recovered(untilJoined());
        }
        figures.print();
    }

    private void resetThenWorking(String name, FaultProxy proxy) throws Exception {
        connect().join(room, token()); // connections are open through the proxy
        FaultFigures figures = new FaultFigures(name);
        for (int run = 0; run < RUNS; run++) {
            proxy.resetAll();
            figures.recovered(untilJoined());
        }
        figures.print();
    }

    /**
     * Joins every 100 ms until one is admitted; every refusal on the way must be {@code UNAVAILABLE} within the
     * bound. How long it took.
     */
    private long untilJoined() {
        long started = System.nanoTime();
        RpcTestClient client = connect();
        while (true) {
            long asked = System.nanoTime();
            JsonNode answer = client.call("joinRoom", Map.of("roomId", room, "token", token()));
            assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(ANSWER_BOUND.toMillis());
            if (!answer.has("error")) {
                return (System.nanoTime() - started) / 1_000_000;
            }
            assertThat(answer.get("error").get("data").get("name").asString()).as("%s", answer).isEqualTo("UNAVAILABLE");
            assertThat(System.nanoTime() - started).as("recovered within 30 s")
                    .isLessThan(Duration.ofSeconds(30).toNanos());
            Pause.of(Duration.ofMillis(100));
        }
    }

    private static String token() {
        int n = ++joiners;
        return TOKENS.token(room, "joiner" + n, "Joiner " + n);
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(port);
        clients.add(client);
        return client;
    }
}
