package dev.conclave.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** Redis from a Maven artifact (the embedded-redis binary), on a free loopback port, for several signaling nodes. */
final class LocalRedis implements AutoCloseable {

    private final RedisServer server;
    private final String uri;

    private LocalRedis(RedisServer server, String uri) {
        this.server = server;
        this.uri = uri;
    }

    static LocalRedis start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new LocalRedis(server, "redis://127.0.0.1:" + port);
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
