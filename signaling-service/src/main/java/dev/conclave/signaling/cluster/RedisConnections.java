package dev.conclave.signaling.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;

/**
 * The node's connections to Redis: one for commands (thread-safe, pipelined by Lettuce) and one for pub/sub.
 * Lettuce reconnects by itself when Redis comes back (and subscribes the pub/sub connection to its channels again);
 * meanwhile commands fail at once (the caller answers "unavailable") instead of waiting out their timeout in a queue.
 * A command on a connection that looks open but gets no answer (Redis stalled, a black hole on the way) fails after
 * {@code command-timeout}.
 */
final class RedisConnections implements DisposableBean {

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;

    RedisConnections(ClusterProperties properties) {
        if (properties.redisUri() == null) {
            throw new IllegalStateException("conclave.signaling.cluster.redis-uri is required in redis mode");
        }
        RedisURI uri = RedisURI.create(properties.redisUri());
        uri.setTimeout(properties.commandTimeout());
        this.resources = DefaultClientResources.builder().reconnectDelay(Delay.exponential(Duration.ofMillis(50),
                properties.reconnectMaxDelay(), 2, TimeUnit.MILLISECONDS)).build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        this.commands = client.connect();
        this.pubSub = client.connectPubSub();
    }

    RedisCommands<String, String> sync() {
        return commands.sync();
    }

    StatefulRedisPubSubConnection<String, String> pubSub() {
        return pubSub;
    }

    /** Tells {@code reconnected} (on Lettuce's thread: hand work off) each time a connection to Redis is made. */
    void onConnected(Runnable reconnected) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                reconnected.run();
            }
        });
    }

    boolean commandsOpen() {
        return commands.isOpen();
    }

    boolean pubSubOpen() {
        return pubSub.isOpen();
    }

    /** Empty when Redis answered a PING within {@code timeout}; else what went wrong. */
    Optional<String> ping(Duration timeout) {
        try {
            commands.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    @Override
    public void destroy() {
        pubSub.close();
        commands.close();
        client.shutdown();
        resources.shutdown();
    }
}
