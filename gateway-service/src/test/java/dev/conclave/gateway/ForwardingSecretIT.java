package dev.conclave.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.netty.DisposableServer;

/** The gateway's forwarding secret, as loopback upstreams standing in for the services receive it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "conclave.gateway.forwarding-secret=" + ForwardingSecretIT.SECRET)
@DisplayName("the gateway's forwarding secret")
class ForwardingSecretIT {

    static final String SECRET = "gateway-secret-for-tests-0123";
    private static final String HEADER = "x-conclave-forwarding-secret";

    private static final Map<String, List<String>> REST_HEADERS = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> HANDSHAKE_HEADERS = new ConcurrentHashMap<>();
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

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("goes with every proxied request, exactly once, in place of a copy the client sent")
    void rest() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("X-Conclave-Forwarding-Secret", "client-made-up-secret-0000")
                .header("X-Forwarded-For", "198.51.100.1")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(REST_HEADERS.get(HEADER)).containsExactly(SECRET);
        assertThat(REST_HEADERS.get("x-forwarded-for")).containsExactly("127.0.0.1");
    }

    @Test
    @DisplayName("goes with every WebSocket handshake, in place of a copy the client sent")
    void webSocket() throws Exception {
        WebSocket socket = http.newWebSocketBuilder()
                .header("X-Conclave-Forwarding-Secret", "client-made-up-secret-0000")
                .header("X-Forwarded-For", "198.51.100.1")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        // the gateway answers the client's handshake before it has made its own upstream
        await().atMost(Duration.ofSeconds(10)).until(() -> HANDSHAKE_HEADERS.containsKey("x-forwarded-for"));
        assertThat(HANDSHAKE_HEADERS.get(HEADER)).containsExactly(SECRET);
        assertThat(HANDSHAKE_HEADERS.get("x-forwarded-for")).containsExactly("127.0.0.1");
        socket.abort();
    }

    private static HttpServer restUpstream() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestHeaders().forEach((name, values) -> REST_HEADERS.put(name.toLowerCase(), values));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DisposableServer webSocketUpstream() {
        return reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.ws("/rpc", (in, out) -> {
                    in.headers().names().forEach(name -> HANDSHAKE_HEADERS.put(name.toLowerCase(), in.headers().getAll(name)));
                    return out.sendString(in.receive().asString());
                }))
                .bindNow(Duration.ofSeconds(10));
    }
}
