package dev.conclave.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A signaling node that refuses connections while its health check still passes (killed a moment ago), and an
 * auth-service that is not there at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DisplayName("gateway-service with an upstream that refuses connections")
class UnreachableUpstreamIT {

    /** Answers every path with "live:" and the request body; also the health check of every node. */
    private static final HttpServer LIVE = liveNode();
    private static final int DEAD_PORT = closedPort();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        String live = "http://127.0.0.1:" + LIVE.getAddress().getPort();
        String dead = "http://127.0.0.1:" + DEAD_PORT;
        registry.add("conclave.gateway.upstreams.signaling", () -> live + "," + dead);
        registry.add("conclave.gateway.upstreams.auth", () -> dead);
        // Health checks asked of the live node for both: the dead one stays in rotation, as in the moment after a kill.
        registry.add("spring.cloud.loadbalancer.health-check.port", () -> LIVE.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        LIVE.stop(0);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("a request that lands on the refusing node is sent to the live one, body included, and the refusing "
            + "node is left out of the next choices")
    void retriesOnAnotherNode() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/v1/rooms")).GET());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/api/v1/rooms"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + i + "}")));
            assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
            assertThat(write.body()).isEqualTo("live:{\"n\": " + i + "}");
        }
    }

    @Test
    @DisplayName("a service nobody can reach is 503 with Retry-After and a problem document, not 500")
    void unreachableIs503() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/join-tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("\"type\":\"urn:conclave:problem:unavailable\"").contains("\"code\":-32000")
                .contains("\"status\":503");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpServer liveNode() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", UnreachableUpstreamIT::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] body = ("live:" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
