package dev.conclave.media.grpc;

import dev.conclave.media.replica.MediaReplicas;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the gRPC server for as long as the application runs; it stops after in-flight calls (5 s at most). */
@Component
public class MediaGrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MediaGrpcServer.class);

    private final GrpcProperties properties;
    private final MediaAllocationGrpcService service;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;

    private final MediaReplicas replicas;

    MediaGrpcServer(GrpcProperties properties, MediaAllocationGrpcService service, MediaReplicas replicas) {
        this.properties = properties;
        this.service = service;
        this.replicas = replicas;
    }

    @Override
    public void start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(properties.address(), properties.port()))
                    .addService(ServerInterceptors.intercept(service, OwnerForwarding.marker()))
                    .addService(health.getHealthService())
                    .permitKeepAliveTime(10, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .build()
                    .start();
            log.info("gRPC server listening on {}:{}", properties.address(), port());
            replicas.listeningOn(properties.address(), port());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC server on port " + properties.port(), e);
        }
    }

    @Override
    public void stop() {
        Server running = server;
        if (running != null) {
            health.enterTerminalState();
            running.shutdown();
            try {
                if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.shutdownNow();
            }
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port it listens on (the one picked when configured as 0). */
    public int port() {
        return server.getPort();
    }
}
