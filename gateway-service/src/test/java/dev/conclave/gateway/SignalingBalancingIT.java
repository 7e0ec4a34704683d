package dev.conclave.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway in front of two signaling nodes: it spreads requests over both, and leaves out a node whose health
 * check starts failing until it recovers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.loadbalancer.health-check.interval=PT0.2S",
        "spring.cloud.loadbalancer.health-check.initial-delay=PT0S",
})
@DisplayName("gateway-service balancing over signaling nodes")
class SignalingBalancingIT {

    private static final Node FIRST = new Node("node-1");
    private static final Node SECOND = new Node("node-2");

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("conclave.gateway.upstreams.auth", FIRST::url);
        registry.add("conclave.gateway.upstreams.signaling", () -> FIRST.url() + "," + SECOND.url());
    }

    @AfterAll
    static void stopNodes() {
        FIRST.server.stop(0);
        SECOND.server.stop(0);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("spreads requests over healthy nodes and skips an unhealthy one until it recovers")
    void spreadsAndSkipsUnhealthy() throws Exception {
        assertThat(nodesAnswering(20)).containsExactlyInAnyOrder("node-1", "node-2");

        SECOND.healthy.set(false);
        awaitOnly("node-1");

        SECOND.healthy.set(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!nodesAnswering(10).contains("node-2")) {
            assertThat(System.nanoTime()).as("node-2 back in rotation within 10 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitOnly(String node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!nodesAnswering(10).equals(Set.of(node))) {
            assertThat(System.nanoTime()).as("only %s answering within 10 s", node).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Set<String> nodesAnswering(int requests) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/rooms")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            nodes.add(response.body());
        }
        return nodes;
    }

    /** A signaling node: answers the rooms API with its name, and /actuator/health with 200 or 503. */
    private static final class Node {
        final String name;
        final AtomicBoolean healthy = new AtomicBoolean(true);
        final HttpServer server;

        Node(String name) {
            this.name = name;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/actuator/health", exchange -> answer(exchange, healthy.get() ? 200 : 503,
                    healthy.get() ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
            server.createContext("/", exchange -> answer(exchange, 200, name));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
