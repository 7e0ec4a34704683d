package dev.conclave.signaling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.signaling.SignalingIT;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.TestPostgres;
import dev.conclave.testing.WebhookReceiver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The webhook URL policy with production's networks (no loopback allowance), against a receiver on loopback that must
 * never be called. A database of its own: other test contexts allow loopback and would deliver these endpoints.
 */
@DisplayName("webhook targets: every spelling of the platform's own addresses is refused")
@Import(WebhookTargetsIT.Resolver.class)
class WebhookTargetsIT extends SignalingIT {

    private static final PostgresServer DATABASE = TestPostgres.database("conclave_webhook_targets");
    private static final WebhookReceiver RECEIVER = new WebhookReceiver(0);

    @DynamicPropertySource
    static void ownDatabaseAndNoLoopback(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::username);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("conclave.signaling.webhooks.allowed-networks", () -> "");
    }

    /** Hosts that land on this machine's loopback or unspecified address, each spelled another way. */
    static Stream<String> loopbackSpellings() {
        return Stream.of("127.0.0.1", "127.0.0.2", "127.255.255.254", "[::1]", "[0:0:0:0:0:0:0:1]", "0.0.0.0", "[::]",
                "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "017700000001", "127.1", "0",
                "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "localhost",
                "localhost.", "LOCALHOST", "anything.localhost");
    }

    /** Other addresses no webhook may reach without an explicit setting; never connected to by these tests. */
    static Stream<String> otherRefusedHosts() {
        return Stream.of("[::127.0.0.1]", "[64:ff9b::127.0.0.1]", "169.254.169.254", "[fe80::1]", "224.0.0.1", "[ff02::1]", "255.255.255.255", "10.0.0.1",
                "172.16.5.4", "192.168.1.1", "100.64.0.1", "[fd00::1]", "[::ffff:10.0.0.1]", "[fe80::1%25eth0]");
    }

    private ApiClient hooks;
    private ApiClient rooms;

    @BeforeEach
    void clients() {
        String base = "http://127.0.0.1:" + port;
        hooks = new ApiClient(base, TOKENS.accessToken("crm", "webhooks:manage"));
        rooms = new ApiClient(base, TOKENS.accessToken("crm", "rooms:read", "rooms:write"));
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @AfterEach
    void noEndpointLeftBehind() {
        jdbc.update("UPDATE webhook_endpoint SET deleted_at = now() WHERE deleted_at IS NULL");
    }

    private static String url(String host) {
        return "http://" + host + ":" + RECEIVER.port() + "/hooks";
    }

    @Nested
    @DisplayName("at registration, with a problem naming the url field")
    class AtRegistration {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.conclave.signaling.webhook.WebhookTargetsIT#loopbackSpellings")
        @DisplayName("refuses loopback and the unspecified address in every spelling")
        void loopback(String host) {
            hooks.post("/api/v1/webhooks", "{\"url\": \"" + url(host) + "\", \"events\": [\"room.created\"]}")
                    .invalidField("url");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.conclave.signaling.webhook.WebhookTargetsIT#otherRefusedHosts")
        @DisplayName("refuses link-local (cloud metadata), multicast, broadcast and private networks")
        void otherNetworks(String host) {
            hooks.post("/api/v1/webhooks", "{\"url\": \"" + url(host) + "\", \"events\": [\"room.created\"]}")
                    .invalidField("url");
        }
    }

    @Nested
    @DisplayName("at delivery, for endpoints stored before the policy (or by a laxer node)")
    class AtDelivery {

        @Test
        @DisplayName("refuses every loopback spelling at connect: each delivery fails for that reason, the receiver "
                + "is never called")
        void loopback() {
            List<String> hosts = loopbackSpellings().toList();
            Instant now = Instant.now();
            for (int i = 0; i < hosts.size(); i++) {
                jdbc.update("""
                        INSERT INTO webhook_endpoint (id, client_id, url, secret, events, created_at)
                        VALUES (?, 'stored-before', ?, 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', '{room.created}', ?)""",
                        "wh_spelling" + i, url(hosts.get(i)), Timestamp.from(now));
            }
            String room = rooms.post("/api/v1/rooms", "{}").expect(201).get("id").asString();

            List<Map<String, Object>> attempts = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList("""
                    SELECT w.url, d.status, a.error FROM webhook_delivery d
                      JOIN webhook_endpoint w ON w.id = d.endpoint_id
                      JOIN webhook_attempt a ON a.delivery_id = d.id
                     WHERE d.room_id = ? AND d.status <> 'PENDING'""", room), done -> done.size() == hosts.size());
            assertThat(attempts).allSatisfy(attempt -> {
                assertThat(attempt.get("status")).as("%s", attempt).isEqualTo("FAILED");
                assertThat((String) attempt.get("error")).as("%s", attempt).startsWith("refused: ");
            });
            assertThat(RECEIVER.all()).isEmpty();
        }

        @Test
        @DisplayName("checks the address connected to, after DNS: a name that resolved elsewhere at registration and "
                + "to loopback at delivery (DNS rebinding) is refused at connect")
        void rebinding() {
            RESOLVER.registering = true;
            String endpoint = hooks.post("/api/v1/webhooks", "{\"url\": \"http://" + RebindingResolver.NAME + ":"
                    + RECEIVER.port() + "/hooks\", \"events\": [\"room.created\"]}").expect(201).get("id").asString();
            RESOLVER.registering = false;
            String room = rooms.post("/api/v1/rooms", "{}").expect(201).get("id").asString();

            JsonNode delivery = await().atMost(Duration.ofSeconds(10)).until(
                    () -> hooks.get("/api/v1/webhooks/" + endpoint + "/deliveries").expect(200).get(0),
                    found -> found != null && "FAILED".equals(found.get("status").asString()));
            assertThat(delivery.get("roomId").asString()).isEqualTo(room);
            assertThat(delivery.get("attemptLog")).hasSize(1);
            assertThat(delivery.get("attemptLog").get(0).get("error").asString())
                    .isEqualTo("refused: 127.0.0.1 is a loopback address");
            assertThat(RECEIVER.all()).isEmpty();
        }
    }

    private static final RebindingResolver RESOLVER = new RebindingResolver();

    @TestConfiguration
    static class Resolver {

        @Bean
        @Primary
        HostResolver rebindingResolver() {
            return RESOLVER;
        }
    }

    /**
     * An attacker's DNS: {@value #NAME} resolves to a public address (TEST-NET-1, never connected to) while the test
     * registers it, to loopback afterwards; other names as the system resolves them.
     */
    static final class RebindingResolver implements HostResolver {

        static final String NAME = "rebound.example";

        volatile boolean registering;

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            if (!NAME.equals(host)) {
                return List.of(InetAddress.getAllByName(host));
            }
            return List.of(InetAddress.getByAddress(NAME, registering ? new byte[] {(byte) 192, 0, 2, 10}
                    : new byte[] {127, 0, 0, 1}));
        }
    }
}
