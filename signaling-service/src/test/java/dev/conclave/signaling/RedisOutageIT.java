package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.TestPostgres;
import dev.conclave.testing.faults.RestartableRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Redis outage as Kubernetes sees it through a signaling node's probes: readiness goes down within seconds of
 * Redis dying and comes back by itself once Redis is up again, while liveness stays up the whole time (a pod must be
 * taken out of the Service, never restarted, for an outage of a dependency).
 */
@DisplayName("a signaling node when its Redis dies and comes back")
class RedisOutageIT {

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RestartableRedis redis;
    private static ConfigurableApplicationContext node;
    private static int port;

    @BeforeAll
    static void startNode() {
        redis = RestartableRedis.start();
        PostgresServer database = TestPostgres.database("conclave_redis_outage");
        node = new SpringApplicationBuilder(SignalingServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--conclave.signaling.node-id=outage-node",
                "--conclave.signaling.cluster.mode=redis",
                "--conclave.signaling.cluster.redis-uri=" + redis.uri(),
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
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @DisplayName("readiness drops while Redis is away and recovers by itself; liveness never drops")
    void readinessFollowsRedisLivenessHolds() throws Exception {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        redis.kill();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/actuator/health/readiness") == 503);
        for (int i = 0; i < 5; i++) {
            assertThat(status("/actuator/health/liveness")).as("liveness during the outage").isEqualTo(200);
            Thread.sleep(300);
        }

        redis.startAgain();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/actuator/health/readiness") == 200);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
