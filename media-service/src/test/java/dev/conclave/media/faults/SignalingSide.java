package dev.conclave.media.faults;

import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.grpc.GrpcMediaAllocationClient;
import dev.conclave.signaling.grpc.AddressListNameResolver;
import dev.conclave.signaling.grpc.MediaEventStream;
import dev.conclave.signaling.grpc.MediaEventStreams;
import dev.conclave.signaling.media.MediaAllocationClient;
import dev.conclave.signaling.media.MediaEventSink;
import dev.conclave.signaling.media.MediaProperties;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadProperties;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerProperties;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryProperties;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.UrlResource;

/**
 * One signaling node's side of media-service, as {@code GrpcMediaConfiguration} builds it and with the settings
 * signaling-service ships ({@code conclave.signaling.media.*} and {@code resilience4j.*.configs.media-service} read
 * from its own {@code application.yml}): the channel, the allocation client behind its breaker, bulkhead and retry,
 * and the node's media event streams (one per replica), whose deliveries are kept as lines.
 */
public final class SignalingSide implements AutoCloseable {

    static final String NODE = "fault-node";

    public final MediaProperties settings;
    private final ManagedChannel channel;
    public final CircuitBreaker breaker;
    /** The retry of idempotent calls; its metrics tell which calls were tried again. */
    public final Retry retry;
    public final MediaAllocationClient media;
    /** One stream through the given port, or, towards several replicas, one per replica. */
    private final SmartLifecycle stream;
    /** What this node would deliver to its participants: {@code ice <room> <participant> <- <publisher|self>}. */
    public final List<String> delivered = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService streamRetries = Executors.newSingleThreadScheduledExecutor();

    /**
     * Signaling's side of a lone media-service at {@code 127.0.0.1:port} (maybe through a fault proxy): one event
     * stream, always through that port.
     */
    public SignalingSide(int port) {
        this("127.0.0.1:" + port, false);
    }

    /**
     * Signaling's side of media-service replicas at {@code target} ({@code host:port}, or several comma-separated):
     * an event stream to each replica, as signaling keeps them.
     */
    public SignalingSide(String target) {
        this(target, true);
    }

    private SignalingSide(String target, boolean everyReplica) {
        Binder binder = signalingConfiguration();
        settings = binder.bind("conclave.signaling.media", MediaProperties.class).get();
        CircuitBreakerProperties breakers = binder.bind("resilience4j.circuitbreaker", CircuitBreakerProperties.class)
                .get();
        BulkheadProperties bulkheads = binder.bind("resilience4j.bulkhead", BulkheadProperties.class).get();
        RetryProperties retries = binder.bind("resilience4j.retry", RetryProperties.class).get();
        // as GrpcMediaConfiguration.mediaChannel, towards the given port
        channel = NettyChannelBuilder.forTarget(AddressListNameResolver.channelTarget(target)).usePlaintext()
                .keepAliveTime(30, TimeUnit.SECONDS).keepAliveWithoutCalls(true)
                .defaultLoadBalancingPolicy("round_robin").build();
        breaker = CircuitBreaker.of("media-service", GrpcMediaAllocationClient.breakerIgnoringRefusals(
                breakers.createCircuitBreakerConfig("media-service", breakers.getConfigs().get("media-service"),
                        new CompositeCustomizer<>(List.of()))));
        retry = Retry.of("media-service", GrpcMediaAllocationClient.retryOnFailures(retries.createRetryConfig(
                retries.getConfigs().get("media-service"), new CompositeCustomizer<>(List.of()), "media-service")));
        media = new GrpcMediaAllocationClient(channel, settings.callTimeout(), breaker,
                Bulkhead.of("media-service", bulkheads.createBulkheadConfig(bulkheads.getConfigs()
                        .get("media-service"), new CompositeCustomizer<>(List.of()), "media-service")), retry, NODE);
        stream = everyReplica
                ? new MediaEventStreams(channel, new RecordingSink(), NODE, settings.streamRetry(), streamRetries)
                : new MediaEventStream(channel, new RecordingSink(), NODE, settings.streamRetry(), streamRetries);
        stream.start();
    }

    /** signaling-service's application.yml, from its jar (media-service has a file of the same name). */
    private static Binder signalingConfiguration() {
        try {
            URL yaml = Collections.list(SignalingSide.class.getClassLoader().getResources("application.yml"))
                    .stream().filter(url -> url.toString().contains("signaling-service")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("signaling-service's application.yml is not on the"
                            + " class path"));
            StandardEnvironment environment = new StandardEnvironment();
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("signaling", new UrlResource(yaml))) {
                environment.getPropertySources().addLast(source);
            }
            return new Binder(ConfigurationPropertySources.get(environment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long the breaker stays open before it lets calls try again. */
    public Duration breakerOpenState() {
        return Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
    }

    /** Where the node has media event streams open. */
    public List<String> streams() {
        return stream instanceof MediaEventStreams streams ? streams.replicas() : List.of("127.0.0.1 (one stream)");
    }

    public boolean delivered(String line) {
        return delivered.contains(line);
    }

    public List<String> renegotiations() {
        return delivered.stream().filter(line -> line.startsWith("renegotiate")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stream.stop();
        streamRetries.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class RecordingSink implements MediaEventSink {

        @Override
        public void iceCandidate(RoomId room, ParticipantId participant, ParticipantId publisher,
                                 IceCandidate candidate) {
            delivered.add("ice " + room + " " + participant + " <- " + (publisher == null ? "self" : publisher));
        }

        @Override
        public void renegotiate(RoomId room, String worker, String reason) {
            delivered.add("renegotiate " + room + " " + worker + " " + reason);
        }
    }
}
