package dev.conclave.e2e;

import dev.conclave.local.Database;
import dev.conclave.local.LocalPlatform;
import dev.conclave.local.PlatformOptions;
import dev.conclave.local.Service;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The built platform — auth-service, three signaling-service nodes sharing Redis, and gateway-service, each its own
 * JVM started from its jar by the same launcher as the local run — on free ports, against the test PostgreSQL. One
 * per test JVM, shared by every end-to-end test class, stopped when the test run ends.
 */
final class RunningPlatform {

    /** An internal service registered for the tests, as an operator would register one. */
    static final String BACKEND_CLIENT_ID = "e2e-backend";
    static final String BACKEND_CLIENT_SECRET = "e2e-backend-secret-0123456789";
    /** One that may only look at rooms. */
    static final String READER_CLIENT_ID = "e2e-reader";
    static final String READER_CLIENT_SECRET = "e2e-reader-secret-0123456789";

    /** Three signaling nodes sharing rooms through Redis, behind the gateway: every e2e test crosses nodes. */
    static final int SIGNALING_NODES = 3;
    static final Duration RESUME_GRACE = Duration.ofSeconds(8);

    private static LocalPlatform platform;

    private RunningPlatform() {
    }

    static synchronized LocalPlatform get() {
        if (platform == null) {
            platform = start();
            Runtime.getRuntime().addShutdownHook(new Thread(RunningPlatform::stop, "stop-e2e-platform"));
        }
        return platform;
    }

    /** Stops the platform if it is running (at the end of the test run; at JVM exit, if that comes first). */
    static synchronized void stop() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    static String gateway() {
        return "http://localhost:" + get().port(Service.GATEWAY);
    }

    private static LocalPlatform start() {
        PostgresServer postgres = TestPostgres.server();
        Map<Service, Integer> freePorts = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            freePorts.put(service, 0);
        }
        PlatformOptions options = PlatformOptions.localDefaults(Path.of(System.getProperty("conclave.home", "..")))
                .withJvmArgs(PlatformOptions.QUICK_START_JVM)
                .withStateDir(Path.of(System.getProperty("conclave.e2e.state", "target/e2e-state")))
                .withPorts(freePorts)
                .withDatabase(new Database(postgres.jdbcUrl(), postgres.username(), postgres.password()))
                .withProperties(Service.AUTH, Map.of(
                        "conclave.auth.bootstrap.clients[1].client-id", BACKEND_CLIENT_ID,
                        "conclave.auth.bootstrap.clients[1].client-secret", BACKEND_CLIENT_SECRET,
                        "conclave.auth.bootstrap.clients[1].scopes", "join-tokens:mint,rooms:read,rooms:write,webhooks:manage",
                        "conclave.auth.bootstrap.clients[2].client-id", READER_CLIENT_ID,
                        "conclave.auth.bootstrap.clients[2].client-secret", READER_CLIENT_SECRET,
                        "conclave.auth.bootstrap.clients[2].scopes", "rooms:read"))
                .withSignalingNodes(SIGNALING_NODES)
                .withProperties(Service.SIGNALING, Map.of(
                        "conclave.signaling.webhooks.poll-interval", "PT0.2S",
                        "conclave.signaling.webhooks.initial-backoff", "PT0.2S",
                        "conclave.signaling.webhooks.max-backoff", "PT1S",
                        "conclave.signaling.membership.resume-grace", RESUME_GRACE.toString(),
                        "conclave.signaling.cluster.heartbeat", "PT1S",
                        "conclave.signaling.cluster.node-timeout", "PT5S",
                        "conclave.signaling.cluster.dead-node-check", "PT1S",
                        // the tests' webhook receivers listen on loopback, which production refuses
                        "conclave.signaling.webhooks.allowed-networks", "127.0.0.0/8",
                        // The server pings silent clients (test clients answer by themselves): a dead path is seen
                        // within 6 s, and the page's own check of the server comes after 6 s of quiet.
                        "conclave.signaling.rpc.ping-interval", "PT2S"))
                .withProperties(Service.GATEWAY, Map.of(
                        "spring.cloud.loadbalancer.health-check.interval", "PT1S",
                        // every test client connects from 127.0.0.1, one address for the whole suite
                        "conclave.gateway.connection-rate-limit.burst", "100000"));
        return DedicatedPlatform.launch(options);
    }
}
