package dev.conclave.signaling.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;

/**
 * The node's connections to Redis: one for commands (thread-safe, pipelined by Lettuce) and one for pub/sub.
 * Lettuce reconnects by itself when Redis comes back; meanwhile commands fail at once (the caller answers
 * "unavailable") instead of waiting out their timeout in a queue.
 */
final class RedisConnections implements DisposableBean {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;

    RedisConnections(ClusterProperties properties) {
        if (properties.redisUri() == null) {
            throw new IllegalStateException("conclave.signaling.cluster.redis-uri is required in redis mode");
        }
        RedisURI uri = RedisURI.create(properties.redisUri());
        uri.setTimeout(Duration.ofSeconds(5));
        this.client = RedisClient.create(uri);
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
    }
}
