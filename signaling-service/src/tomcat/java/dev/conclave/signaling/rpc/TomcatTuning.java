package dev.conclave.signaling.rpc;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Tomcat's per-connection buffers, kept small: Tomcat allocates them for every open socket, idle or not, and most
 * signaling sockets sit idle with a ping every few seconds. Compiled into the default (Tomcat) build only.
 */
@Configuration(proxyBeanMethods = false)
class TomcatTuning {

    static final int TEXT_PART_CHARS = 512;
    /** Binary frames are refused (1003) whatever their size: the smallest part that holds a control frame. */
    static final int BINARY_PART_BYTES = 128;
    /**
     * Each socket's read and write buffers (Tomcat's default is 8 KiB each, held for every open connection). A class
     * histogram of 19,000 idle sessions put 12.5 KiB of byte arrays in each, most of them these and the WebSocket
     * buffers; a notification is a few hundred bytes, and an SDP offer of a few KiB takes a few reads.
     */
    static final int SOCKET_BUFFER_BYTES = 1024;

    @Bean
    TomcatConnectorCustomizer smallSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
        };
    }

    /**
     * The container hands text over in parts of at most 512 characters: its buffer is allocated for every connection,
     * idle or not (at the 128 KiB frame limit it was most of a session's memory). Longer messages are assembled per
     * connection, up to the frame limit ({@link PartialText}); past it the socket is closed with 1009.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(RpcProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(TEXT_PART_CHARS);
        container.setMaxBinaryMessageBufferSize(BINARY_PART_BYTES);
        container.setMaxSessionIdleTimeout(properties.silenceLimit().multipliedBy(4).toMillis());
        return container;
    }
}
