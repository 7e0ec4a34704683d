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
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;

/**
 * The gateway in front of two loopback upstreams standing in for the services: a plain HTTP server (REST) and a
 * Reactor Netty WebSocket echo server (/rpc) that reports the handshake headers it received. The services
 * themselves behind the gateway are exercised in e2e-tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "conclave.gateway.guest-token-rate-limit.burst=3",
        "conclave.gateway.guest-token-rate-limit.refill-every=PT1M",
})
@DisplayName("gateway-service")
class GatewayIT {

    /** How long signaling-service waits between a last message and its close (conclave.signaling.rpc.close-linger). */
    private static final long LINGER_MILLIS = 100;
    private static final Map<String, String> LAST_HEADERS = new ConcurrentHashMap<>();
    private static final HttpServer REST = restUpstream();
    private static final DisposableServer WEBSOCKET = webSocketUpstream();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("conclave.gateway.upstreams.auth", () -> "http://127.0.0.1:" + REST.getAddress().getPort());
        registry.add("conclave.gateway.upstreams.signaling", () -> "http://127.0.0.1:" + WEBSOCKET.port());
    }

    @AfterAll
    static void stopUpstreams() {
        REST.stop(0);
        WEBSOCKET.disposeNow();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Nested
    @DisplayName("serves the conference page")
    class Page {

        @Test
        @DisplayName("at / with a strict Content-Security-Policy and camera/microphone permissions for itself")
        void indexWithHeaders() throws Exception {
            HttpResponse<String> page = get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"join-form\"");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(page.headers().firstValue("Permissions-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("camera=(self)").contains("microphone=(self)"));
        }

        @Test
        @DisplayName("but not its actuator: health and Prometheus answer on the management port only")
        void actuatorOffThePublicPort() throws Exception {
            assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(404);
            assertThat(get("/actuator/health").statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("with its JavaScript modules as JavaScript")
        void scripts() throws Exception {
            HttpResponse<String> client = get("/js/conclave-client.js");
            assertThat(client.statusCode()).isEqualTo(200);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).contains("javascript"));
        }
    }

    @Nested
    @DisplayName("proxies")
    class Proxying {

        @Test
        @DisplayName("the WebSocket /rpc both ways, telling the upstream the client's address")
        void webSocket() throws Exception {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).join();
            socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", true).join();
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertThat(LAST_HEADERS.get("x-forwarded-for")).as("handshake headers %s", LAST_HEADERS).isEqualTo("127.0.0.1");
            socket.abort();
        }

        @RepeatedTest(10)
        @DisplayName("the upstream's last message and close code, at once (a node asking its clients to reconnect)")
        void upstreamClose() throws Exception {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            long opened = System.nanoTime();
            WebSocket socket = http.newWebSocketBuilder().header("X-Test-Close-With", "4012")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            received.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    }).join();
            socket.sendText("hello", true).join();
            Integer code = closed.get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("bye");
            assertThat(code).isEqualTo(4012);
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofSeconds(2));
        }

        @RepeatedTest(20)
        @DisplayName("a 100 KiB message, sent in 16 KiB fragments as the socket opens, arrives whole (the upstream "
                + "decides what is too large)")
        void largeFrame() throws Exception {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc"),
                    new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                received.add(partial.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).join();
            String big = "x".repeat(100 * 1024);
            socket.sendText(big, true).join();
            assertThat(received.poll(5, TimeUnit.SECONDS)).hasSize(big.length() + "echo:".length());
            socket.abort();
        }

        @Test
        @DisplayName("a message over 128 KiB is refused: the socket is closed with 1009 (too big)")
        void tooLargeMessage() throws Exception {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            closed.complete(1006);
                        }
                    }).join();
            socket.sendText("x".repeat(200 * 1024), true);
            assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
        }

        @Test
        @DisplayName("the token endpoint and join-token API to auth-service")
        void authRoutes() throws Exception {
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.body()).isEqualTo("upstream:/oauth2/token");
            assertThat(get("/.well-known/oauth-authorization-server").body())
                    .isEqualTo("upstream:/.well-known/oauth-authorization-server");
            assertThat(post("/api/v1/join-tokens", "{}").body()).isEqualTo("upstream:/api/v1/join-tokens");
        }

        @Test
        @DisplayName("nothing else: unknown paths are 404")
        void unknownPath() throws Exception {
            assertThat(get("/internal/admin").statusCode()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("rate-limits guest tokens per client address with 429, Retry-After and a problem document, "
            + "and ignores a forged X-Forwarded-For")
    void rateLimitsGuestTokens() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(uri("/api/v1/rooms/lobby/guest-tokens"))
                    .header("X-Forwarded-For", "198.51.100." + i)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(404); // reached the upstream
        }
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/api/v1/rooms/lobby/guest-tokens"))
                .header("X-Forwarded-For", "198.51.100.99")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"type\":\"urn:conclave:problem:rate-limited\"").contains("\"status\":429")
                .contains("\"code\":1001");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers every request with its own path (as "auth-service"). */
    private static HttpServer restUpstream() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", GatewayIT::answerWithPath);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answerWithPath(HttpExchange exchange) throws IOException {
        byte[] body = ("upstream:" + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** "signaling-service": a WebSocket echo at /rpc that records its handshake headers; 404 for all else. */
    private static DisposableServer webSocketUpstream() {
        return reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.ws("/rpc", (in, out) -> {
                    in.headers().forEach(header -> LAST_HEADERS.put(header.getKey().toLowerCase(), header.getValue()));
                    String closeWith = in.headers().get("x-test-close-with");
                    if (closeWith != null) {
                        // A node going away: at the client's first message, a last message, then - after a
                        // moment, as signaling-service does - a close with the given status, kept until the closing
                        // handshake is done.
                        Sinks.One<String> first = Sinks.one();
                        in.receive().asString().subscribe(first::tryEmitValue);
                        return out.sendString(first.asMono().map(text -> "bye"))
                                .then(Mono.delay(Duration.ofMillis(LINGER_MILLIS)).then())
                                .then(out.sendClose(Integer.parseInt(closeWith), "bye"))
                                .then(in.receiveCloseStatus().then());
                    }
                    // Whole messages, however the gateway fragments them on the way.
                    return out.sendString(in.aggregateFrames(1 << 20).receive().asString().map(text -> "echo:" + text));
                }, reactor.netty.http.server.WebsocketServerSpec.builder().maxFramePayloadLength(1 << 20).build()))
                .bindNow(Duration.ofSeconds(10));
    }
}
