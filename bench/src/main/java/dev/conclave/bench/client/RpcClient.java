package dev.conclave.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Opens Conclave JSON-RPC sessions on a few non-blocking event-loop threads: thousands of sockets per process, no
 * thread per connection, each bound to a chosen loopback source address (one address has ~28k ports towards one
 * server port).
 */
public final class RpcClient implements AutoCloseable {

    private static final int MAX_MESSAGE = 256 * 1024;

    private final EventLoopGroup loop;
    private final InetAddress source;

    public RpcClient(int threads, InetAddress source) {
        this.loop = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.source = source;
    }

    /** Connects and completes the WebSocket handshake; the future fails if either does. */
    public CompletableFuture<RpcSession> connect(URI uri, RpcSession.Listener listener) {
        RpcSession session = new RpcSession(listener);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(MAX_MESSAGE)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(30_000)
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_MESSAGE),
                                session);
                    }
                });
        ChannelFuture connecting = bootstrap.connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                new InetSocketAddress(source, 0));
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                session.handshake().completeExceptionally(done.cause());
            }
        });
        return session.handshake().thenApply(ignored -> session);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
