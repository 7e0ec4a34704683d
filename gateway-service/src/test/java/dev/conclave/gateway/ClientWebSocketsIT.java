package dev.conclave.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;

/**
 * What a signaling node sees, through the gateway, when a client goes: a goodbye (close frame 1000) stays a goodbye; a
 * connection lost without a close frame arrives as 4000, so the node holds the participant for resume; a gateway that
 * stops sends its clients 4012 (reconnect at once) and its upstreams the same, instead of cutting them after its grace.
 */
@DisplayName("the gateway tells signaling a lost client from a leaving one, and sends clients away when it stops")
class ClientWebSocketsIT {

    private static final BlockingQueue<Integer> UPSTREAM_CLOSES = new LinkedBlockingQueue<>();
    private static DisposableServer upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext gateway;

    @BeforeAll
    static void startUpstream() {
        // Its own event loop: each gateway context disposes Reactor Netty's shared one when it closes.
        upstream = reactor.netty.http.server.HttpServer.create().host("127.0.0.1").port(0)
                .runOn(LoopResources.create("upstream", 1, true))
                .route(routes -> routes.ws("/rpc", (in, out) -> {
                    // Echo each message, ping on "ping-me" and tell of the pong; report the close status the gateway
                    // sent (its close frame's code).
                    in.receiveCloseStatus().subscribe(status -> UPSTREAM_CLOSES.add(status.code()));
                    return out.sendObject(in.receiveFrames().mapNotNull(ClientWebSocketsIT::upstreamReply));
                }))
                .bindNow(Duration.ofSeconds(10));
    }

    private static WebSocketFrame upstreamReply(WebSocketFrame frame) {
        if (frame instanceof PongWebSocketFrame pong) {
            return new TextWebSocketFrame("pong:" + pong.content().toString(StandardCharsets.UTF_8));
        }
        if (frame instanceof TextWebSocketFrame text) {
            return "ping-me".equals(text.text())
                    ? new PingWebSocketFrame(Unpooled.copiedBuffer("probe", StandardCharsets.UTF_8))
                    : new TextWebSocketFrame("echo:" + text.text());
        }
        return null;
    }

    @AfterAll
    static void stopUpstream() {
        upstream.disposeNow();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        UPSTREAM_CLOSES.clear();
    }

    @Test
    @DisplayName("a client's goodbye reaches signaling as 1000")
    void goodbye() throws Exception {
        Client client = connect();
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(UPSTREAM_CLOSES.poll(5, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    @DisplayName("a client connection that drops without a close frame reaches signaling as 4000, not a goodbye")
    void dropped() throws Exception {
        Client client = connect();
        client.socket.abort();
        assertThat(UPSTREAM_CLOSES.poll(5, TimeUnit.SECONDS)).isEqualTo(4000);
    }

    @Test
    @DisplayName("signaling's pings reach the client through the gateway, and the client's pong reaches signaling")
    void pingsPassThrough() throws Exception {
        Client client = connect();
        client.socket.sendText("ping-me", true).get(5, TimeUnit.SECONDS);
        // the client itself got the ping (the gateway did not answer it in its stead), and its pong went back
        assertThat(client.received.poll(5, TimeUnit.SECONDS)).isEqualTo("ping:probe");
        assertThat(client.received.poll(5, TimeUnit.SECONDS)).isEqualTo("pong:probe");
    }

    @Test
    @DisplayName("a stopping gateway closes its clients with 4012 at once, and signaling sees no goodbye")
    void gatewayStopping() throws Exception {
        Client client = connect();
        long started = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
        assertThat(client.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(4012);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(UPSTREAM_CLOSES.poll(5, TimeUnit.SECONDS)).isIn(4012, 4000);
        stopping.get(30, TimeUnit.SECONDS);
        gateway = null;
    }

    @Test
    @DisplayName("refuses a flood of connections from one address with 429 before the upgrade; others still connect")
    void connectionFlood() throws Exception {
        // One trusted proxy hop: the test plays a load balancer that names other client addresses.
        startGateway("--conclave.gateway.connection-rate-limit.burst=3",
                "--conclave.gateway.connection-rate-limit.refill-every=PT1M", "--conclave.gateway.trusted-proxy-hops=1");
        for (int i = 0; i < 3; i++) {
            open(port());
        }
        CompletableFuture<WebSocket> refused = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port() + "/rpc"), new WebSocket.Listener() { });
        var response = handshakeFailure(refused).getResponse();
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // Another address is not limited by this one's bucket.
        open(port(), java.util.Map.of("X-Forwarded-For", "198.51.100.20"));
    }

    private static java.net.http.WebSocketHandshakeException handshakeFailure(CompletableFuture<?> handshake) {
        for (Throwable failure = catchThrowable(handshake::join); failure != null; failure = failure.getCause()) {
            if (failure instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused;
            }
        }
        throw new AssertionError("the handshake was not refused");
    }

    private int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private void startGateway(String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0", "--management.server.port=0",
                "--conclave.gateway.upstreams.signaling=http://127.0.0.1:" + upstream.port(),
                "--conclave.gateway.upstreams.auth=http://127.0.0.1:" + upstream.port()));
        args.addAll(java.util.List.of(extra));
        gateway = new SpringApplicationBuilder(GatewayServiceApplication.class).run(args.toArray(String[]::new));
    }

    private Client connect() throws Exception {
        startGateway();
        return open(port());
    }

    private Client open(int port) throws Exception {
        return open(port, java.util.Map.of());
    }

    private Client open(int port, java.util.Map<String, String> headers) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/rpc"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
                        received.add("ping:" + StandardCharsets.UTF_8.decode(message.duplicate()));
                        webSocket.request(1);
                        return null; // the JDK's WebSocket answers with a pong by itself
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(received.poll(5, TimeUnit.SECONDS)).as("proxied both ways").isEqualTo("echo:hello");
        return new Client(socket, closeCode, received);
    }

    private record Client(WebSocket socket, CompletableFuture<Integer> closeCode, BlockingQueue<String> received) {
    }
}
