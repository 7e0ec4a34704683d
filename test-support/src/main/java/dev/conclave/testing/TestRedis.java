package dev.conclave.testing;

import java.io.IOException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

/**
 * One real Redis per test JVM: a Testcontainers container where a Docker engine answers, otherwise Redis 6.2 from
 * the embedded-redis artifact on a free loopback port. Started on first use, stopped at JVM exit.
 */
public final class TestRedis {

    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);
    private static String uri;
    private static Throwable startFailure;

    private TestRedis() {
    }

    /** {@code redis://host:port} of the running server; skips the calling test (fails under CI) when none starts. */
    public static synchronized String uri() {
        if (uri == null && startFailure == null) {
            try {
                uri = dockerAvailable() ? startContainer() : startEmbedded();
            } catch (Exception | LinkageError e) {
                startFailure = e;
            }
        }
        if (uri == null) {
            throw RequiredServer.unavailable("Redis",
                    "neither Testcontainers (no Docker engine) nor the embedded server could start: " + startFailure);
        }
        return uri;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by the JVM shutdown hook below
    private static String startContainer() {
        GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-redis"));
        return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
    }

    private static String startEmbedded() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(server), "stop-test-redis"));
        log.info("Test Redis: embedded on port {}", port);
        return "redis://127.0.0.1:" + port;
    }

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("Could not stop embedded Redis", e);
        }
    }
}
