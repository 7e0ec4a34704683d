package dev.conclave.gateway.routing;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Reassembles WebSocket messages that clients send in fragments (some clients fragment anything over 16 KiB)
 * before the gateway forwards them. Left to the proxy, a message fragmented as the socket opens could reach the
 * signaling node cut short: its first fragment was read before the proxy started aggregating, the rest after.
 */
@Configuration(proxyBeanMethods = false)
class WholeWebSocketMessages {

    /** The largest message reassembled: the largest frame signaling-service accepts (it answers over 64 KiB). */
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final String HANDLER = "conclave.wsMessageAggregator";

    @Bean
    NettyServerCustomizer webSocketMessageAggregator() {
        // Once per connection (requests on a kept-alive connection come through here again); HTTP passes through.
        return server -> server.doOnConnection(connection -> {
            ChannelPipeline pipeline = connection.channel().pipeline();
            if (pipeline.get(HANDLER) == null) {
                pipeline.addBefore(NettyPipeline.ReactiveBridge, HANDLER, new Aggregator());
            }
        });
    }

    /** Refuses a message over the limit as RFC 6455 says: close code 1009, message too big. */
    private static final class Aggregator extends WebSocketFrameAggregator {

        Aggregator() {
            super(MAX_MESSAGE_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext context, WebSocketFrame oversized) {
            context.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
