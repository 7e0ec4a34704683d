package dev.conclave.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The clients' side of every proxied WebSocket, so that what the signaling node sees tells a lost connection from a
 * goodbye, and a stopping gateway sends its clients away to reconnect at once.
 * <ul>
 * <li>A client connection that ends without a close frame (Wi-Fi lost, a network change, a killed tab) is passed on
 * to signaling as close code {@value #LOST_CODE}, not closed cleanly: signaling holds the participant for resume, as it
 * does when it loses a client connection itself. The proxy (Spring Cloud Gateway's) forwards the client's close status;
 * with none, it would end the upstream socket normally — a goodbye, and the participant left at once.</li>
 * <li>On shutdown, before the web server's graceful wait, every upstream socket and then every client is closed with
 * {@value #RECONNECT_CODE}: the participant keeps its place, and the client reconnects (through another gateway) and
 * resumes at once.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ClientWebSockets implements SmartLifecycle {

    static final int LOST_CODE = 4000;
    static final int RECONNECT_CODE = 4012;
    static final CloseStatus LOST = new CloseStatus(LOST_CODE, "the client's connection to the gateway was lost");
    static final CloseStatus RECONNECT = new CloseStatus(RECONNECT_CODE,
            "the gateway is stopping: reconnect and resume");
    /** How long a stopping gateway waits for its clients to have gone before the web server's own shutdown. */
    private static final Duration DRAIN = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(ClientWebSockets.class);

    private final Set<LossAwareSession> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** Replaces the proxy's WebSocket service (it is the one the gateway's WebSocket routing uses). */
    @Bean
    @Primary
    WebSocketService lossAwareWebSocketService(RequestUpgradeStrategy upgrades) {
        HandshakeWebSocketService handshakes = new HandshakeWebSocketService(upgrades);
        return (exchange, handler) -> handshakes.handleRequest(exchange, session -> {
            LossAwareSession client = new LossAwareSession(session);
            open.add(client);
            return handler.handle(client).contextWrite(context -> context.put(LossAwareSession.class, client))
                    .doFinally(signal -> open.remove(client));
        });
    }

    /** The proxy's client of the signaling nodes, which hands each upstream session to its client's. */
    @Bean
    @Primary
    WebSocketClient upstreamAwareWebSocketClient(ReactorNettyWebSocketClient upstreams) {
        return new WebSocketClient() {
            @Override
            public Mono<Void> execute(URI url, WebSocketHandler handler) {
                return execute(url, new HttpHeaders(), handler);
            }

            @Override
            public Mono<Void> execute(URI url, HttpHeaders headers, WebSocketHandler handler) {
                return Mono.deferContextual(context -> upstreams.execute(url, headers, upstream -> {
                    context.<LossAwareSession>getOrEmpty(LossAwareSession.class)
                            .ifPresent(client -> client.upstream = upstream);
                    return handler.handle(upstream);
                }));
            }
        };
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (open.isEmpty()) {
            return;
        }
        log.info("Stopping: asking {} WebSocket clients to reconnect elsewhere", open.size());
        // A socket's end cascades through the proxy: once one side's messages end, Reactor Netty closes the other
        // with an empty close frame. So the client's close frame goes first, and the signaling socket gets its own
        // before the client's messages are seen to end (LossAwareSession#receive).
        for (LossAwareSession client : Set.copyOf(open)) {
            client.sentAway = true;
            client.close(RECONNECT).subscribe(null, failure -> { });
        }
        awaitGone(DRAIN);
    }

    private void awaitGone(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first, before the web server's graceful shutdown waits on the open connections. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /**
     * The client's session, whose close status is never empty and never a code no close frame may carry: a connection
     * that ended without a close frame reports {@link #LOST}.
     */
    private static final class LossAwareSession implements WebSocketSession {

        private final WebSocketSession delegate;
        /** The signaling node's socket this client is proxied to, once connected. */
        volatile WebSocketSession upstream;
        /** Set when the gateway stops and sends this client away. */
        volatile boolean sentAway;

        LossAwareSession(WebSocketSession delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<CloseStatus> closeStatus() {
            return delegate.closeStatus()
                    .map(status -> status.getCode() == CloseStatus.NO_CLOSE_FRAME.getCode()
                            || status.getCode() == CloseStatus.NO_STATUS_CODE.getCode() ? LOST : status)
                    .defaultIfEmpty(LOST);
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public HandshakeInfo getHandshakeInfo() {
            return delegate.getHandshakeInfo();
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return delegate.bufferFactory();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return delegate.getAttributes();
        }

        /** The client's messages; when they end because the gateway sent it away, the upstream is closed with 4012 first. */
        @Override
        public Flux<WebSocketMessage> receive() {
            return delegate.receive().concatWith(Mono.defer(() -> {
                WebSocketSession proxied = upstream;
                return sentAway && proxied != null ? proxied.close(RECONNECT).onErrorComplete().then(Mono.empty())
                        : Mono.empty();
            }));
        }

        @Override
        public Mono<Void> send(Publisher<WebSocketMessage> messages) {
            return delegate.send(messages);
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public Mono<Void> close(CloseStatus status) {
            return delegate.close(status);
        }

        @Override
        public WebSocketMessage textMessage(String payload) {
            return delegate.textMessage(payload);
        }

        @Override
        public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return delegate.binaryMessage(payloadFactory);
        }

        @Override
        public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return delegate.pingMessage(payloadFactory);
        }

        @Override
        public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return delegate.pongMessage(payloadFactory);
        }
    }
}
