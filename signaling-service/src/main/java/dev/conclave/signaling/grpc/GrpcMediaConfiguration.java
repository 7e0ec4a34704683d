package dev.conclave.signaling.grpc;

import dev.conclave.signaling.media.MediaAllocationClient;
import dev.conclave.signaling.media.MediaEventSink;
import dev.conclave.signaling.media.MediaProperties;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * media-service for SFU rooms, when {@code conclave.signaling.media.target} names it: one gRPC channel, the
 * allocation client behind the {@code media-service} breaker, bulkhead and retry (settings under
 * {@code resilience4j.*.configs.media-service}), and the node's media event streams (one per replica).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${conclave.signaling.media.target:}'.isEmpty()")
class GrpcMediaConfiguration {

    /** Closed (shutdown) with the context, after the stream and client that use it. */
    @Bean
    ManagedChannel mediaChannel(MediaProperties properties) {
        return NettyChannelBuilder.forTarget(AddressListNameResolver.channelTarget(properties.target())).usePlaintext()
                .keepAliveTime(30, TimeUnit.SECONDS).keepAliveWithoutCalls(true)
                .defaultLoadBalancingPolicy("round_robin").build();
    }

    @Bean
    MediaAllocationClient mediaAllocationClient(ManagedChannel mediaChannel, MediaProperties properties,
                                                CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
                                                RetryRegistry retries,
                                                @Value("${conclave.signaling.node-id}") String node) {
        CircuitBreakerConfig breaker = GrpcMediaAllocationClient.breakerIgnoringRefusals(
                breakers.getConfiguration("media-service").orElse(breakers.getDefaultConfig()));
        BulkheadConfig bulkhead = bulkheads.getConfiguration("media-service").orElse(bulkheads.getDefaultConfig());
        RetryConfig retry = GrpcMediaAllocationClient.retryOnFailures(
                retries.getConfiguration("media-service").orElse(retries.getDefaultConfig()));
        return new GrpcMediaAllocationClient(mediaChannel, properties.callTimeout(),
                breakers.circuitBreaker("media-service", breaker), bulkheads.bulkhead("media-service", bulkhead),
                retries.retry("media-service", retry), node);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService mediaStreamRetries() {
        return Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("media-events-"));
    }

    @Bean
    MediaEventStreams mediaEventStreams(ManagedChannel mediaChannel, MediaEventSink delivery,
                                        MediaProperties properties, @Value("${conclave.signaling.node-id}") String node,
                                        ScheduledExecutorService mediaStreamRetries) {
        return new MediaEventStreams(mediaChannel, delivery, node, properties.streamRetry(), mediaStreamRetries);
    }
}
