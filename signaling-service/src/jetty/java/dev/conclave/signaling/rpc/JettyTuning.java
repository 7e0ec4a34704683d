package dev.conclave.signaling.rpc;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Jetty's limits, matched to Tomcat's where they mean the same thing. Jetty keeps no fixed buffers per socket: a
 * socket borrows its input buffer (4 KiB) from a pool while it reads and returns it when idle, so there is nothing to
 * shrink. It still delivers text in parts (each frame, or what one read brought of it), which {@link PartialText}
 * assembles up to the frame limit. Compiled into the {@code -Pjetty} build only.
 */
@Configuration(proxyBeanMethods = false)
class JettyTuning {

    /**
     * As {@code server.tomcat.accept-count}: a join storm queues instead of being refused (Jetty leaves the backlog to
     * the JDK, 50). Boot has no property for it.
     */
    static final int ACCEPT_QUEUE = 1024;

    @Bean
    JettyServerCustomizer acceptQueue() {
        return server -> {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                }
            }
        };
    }

    /**
     * Jetty reads the "buffer size" as the largest whole message it will assemble, not as a buffer: at Tomcat's 1,024
     * it would close every longer message with 1009. At the frame limit the handler's own checks decide
     * (MESSAGE_TOO_LARGE past {@code max-message-size}, 1009 past {@code max-frame-size}), as on Tomcat.
     * <p>
     * A client that stops reading is given up after the send time limit, and its socket closed: Tomcat drops it at
     * once, but Jetty queues the close frame behind the one it cannot write, and a client that still sends pings keeps
     * it open for good. Failing a frame unsent after the same limit makes Jetty drop the socket too.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(RpcProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(Math.toIntExact(properties.maxFrameSize().toBytes()));
        container.setMaxSessionIdleTimeout(properties.silenceLimit().multipliedBy(4).toMillis());
        container.setAsyncSendTimeout(properties.sendTimeLimit().toMillis());
        return container;
    }
}
