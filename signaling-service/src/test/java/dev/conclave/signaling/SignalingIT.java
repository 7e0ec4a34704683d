package dev.conclave.signaling;

import dev.conclave.testing.RpcTestClient;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.testing.UsesPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * signaling-service started for real (Tomcat on a random port, a real PostgreSQL), with join tokens signed by a
 * {@link TestTokenIssuer} whose JWKS it fetches over HTTP. Timings are shortened so liveness tests run in seconds.
 */
@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "conclave.signaling.node-id=test-node",
        "conclave.signaling.join-tokens.issuer=" + TestTokenIssuer.ISSUER,
        "spring.security.oauth2.client.registration.auth-service.client-secret=test-client-secret",
        "conclave.signaling.rpc.ping-interval=PT0.5S",
        "conclave.signaling.rpc.missed-pings=3",
        "conclave.signaling.rpc.join-timeout=PT2S",
        "conclave.signaling.rpc.liveness-check-interval=PT0.2S",
        "conclave.signaling.rpc.send-time-limit=PT2S",
        "conclave.signaling.rooms.empty-check-interval=PT0.2S",
        "conclave.signaling.membership.resume-grace=PT1S",
        "conclave.signaling.membership.grace-check=PT0.1S",
        "conclave.signaling.chat.blocked-words=forbiddenword,verboten",
        "conclave.signaling.webhooks.poll-interval=PT0.1S",
        "conclave.signaling.webhooks.initial-backoff=PT0.1S",
        "conclave.signaling.webhooks.max-backoff=PT0.4S",
        "conclave.signaling.webhooks.request-timeout=PT2S",
        // the tests' webhook receivers listen on loopback, which production refuses
        "conclave.signaling.webhooks.allowed-networks=127.0.0.0/8",
        "conclave.signaling.forwarding-secret=" + SignalingIT.FORWARDING_SECRET,
})
public abstract class SignalingIT {

    protected static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    /** What the gateway proves itself with; tests that play the gateway send it with their X-Forwarded-For. */
    protected static final String FORWARDING_SECRET = "test-forwarding-secret-0123456789";
    protected static final String SECRET_HEADER = "X-Conclave-Forwarding-Secret";

    @DynamicPropertySource
    static void tokenIssuer(DynamicPropertyRegistry registry) {
        registry.add("conclave.signaling.join-tokens.auth-uri", TOKENS::baseUri);
        registry.add("conclave.signaling.join-tokens.jwks-uri", TOKENS::jwksUri);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    private final List<RpcTestClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
        clients.clear();
    }

    protected RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(port);
        clients.add(client);
        return client;
    }

    protected RpcTestClient connect(Map<String, String> headers) {
        RpcTestClient client = RpcTestClient.connect(port, headers);
        clients.add(client);
        return client;
    }

    /** A new room with a unique id, stored as the REST API (or first use) would store it. */
    protected String room(String access, int maxParticipants) {
        String id = "room-" + UUID.randomUUID().toString().substring(0, 13);
        jdbc.update("INSERT INTO room (id, access, max_participants, state, created_at) VALUES (?, ?, ?, 'ACTIVE', ?)",
                id, access, maxParticipants, Timestamp.from(Instant.now()));
        return id;
    }

    protected String openRoom() {
        return room("OPEN", 16);
    }

    /** Connects and joins as a fresh identity; returns the client with its join result consumed. */
    protected Joined joinAs(String room, String name) {
        RpcTestClient client = connect();
        String identity = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String participantId = client.join(room, TOKENS.token(room, identity, name)).get("participant").get("id").asString();
        return new Joined(client, participantId, identity);
    }

    protected record Joined(RpcTestClient client, String participantId, String identity) {
    }
}
