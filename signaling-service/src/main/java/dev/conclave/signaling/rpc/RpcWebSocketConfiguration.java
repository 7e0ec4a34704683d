package dev.conclave.signaling.rpc;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Mounts the JSON-RPC endpoint at {@code /rpc}. Any origin may connect: a socket is worth nothing until it presents
 * a join token, and no cookie or ambient credential is involved. The servlet container's own per-connection limits
 * are set next to the container: {@code TomcatTuning} (src/tomcat) or {@code JettyTuning} (src/jetty, {@code -Pjetty}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class RpcWebSocketConfiguration implements WebSocketConfigurer {

    private final RpcWebSocketHandler handler;
    private final ClientInfoInterceptor clientInfo;

    RpcWebSocketConfiguration(RpcWebSocketHandler handler, ClientInfoInterceptor clientInfo) {
        this.handler = handler;
        this.clientInfo = clientInfo;
    }

    /**
     * Upgrades through the Jakarta WebSocket API on any container, as Spring does on Tomcat. On Jetty Spring would use
     * Jetty's own API instead, where its adapter delivers only whole messages, sends only blocking (the {@link Outbox}
     * needs Jakarta's asynchronous endpoint, or a client that stops reading holds up the thread delivering to the
     * room) and takes no limits from {@code ServletServerContainerFactoryBean}.
     */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/rpc").addInterceptors(clientInfo).setAllowedOriginPatterns("*")
                .setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()));
    }
}
