package dev.conclave.media;

import dev.conclave.media.allocation.AllocationStore;
import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.media.ice.EndpointIce;
import dev.conclave.media.kurento.KurentoMediaWorkerConnector;
import dev.conclave.media.placement.LeastLoadedWorkerSelector;
import dev.conclave.media.placement.MediaWorkerSelector;
import dev.conclave.media.replica.MediaReplicas;
import dev.conclave.media.replica.ReplicaHeartbeat;
import dev.conclave.media.replica.ReplicaProperties;
import dev.conclave.media.replica.RoomOwnership;
import dev.conclave.media.replica.RoomRouting;
import dev.conclave.media.replica.SharedDrains;
import dev.conclave.media.worker.DnsWorkerDiscovery;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.media.worker.MediaWorkerProperties;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerCallGuards;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Wires the media tier: Kurento workers behind their guards, least-loaded placement, the allocations, and this
 * replica among the others (rooms owned under a lease, taken over when their owner dies).
 */
@Configuration(proxyBeanMethods = false)
class MediaTierConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Calls to workers run here so each can be cut off at its time limit; the bulkheads bound them. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService workerCalls() {
        return Executors.newCachedThreadPool(new CustomizableThreadFactory("kms-call-"));
    }

    /** Kurento Media Server workers; tests set {@code conclave.media.connector} to bring fake workers instead. */
    @Bean
    @ConditionalOnProperty(name = "conclave.media.connector", havingValue = "kurento", matchIfMissing = true)
    MediaWorkerConnector mediaWorkerConnector(MediaWorkerProperties properties) {
        return new KurentoMediaWorkerConnector(properties.probeTimeout().plus(Duration.ofSeconds(1)),
                properties.callTimeout());
    }

    @Bean
    WorkerCallGuards workerCallGuards(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
                                      RetryRegistry retries, MediaWorkerProperties properties,
                                      ExecutorService workerCalls) {
        return new WorkerCallGuards(breakers, bulkheads, retries, properties, workerCalls);
    }

    @Bean(destroyMethod = "closeAll")
    MediaWorkers mediaWorkers(MediaWorkerConnector connector, MediaEventHub events, WorkerCallGuards guards,
                              MediaWorkerProperties properties, ApplicationEventPublisher publisher,
                              ExecutorService workerCalls, Clock clock) {
        return new MediaWorkers(connector, events, guards, properties, publisher, workerCalls, clock);
    }

    /** Workers listed by a DNS name (a Kubernetes headless Service), when {@code conclave.media.discovery} is set. */
    @Bean
    @ConditionalOnExpression("!'${conclave.media.discovery:}'.isEmpty()")
    DnsWorkerDiscovery dnsWorkerDiscovery(MediaWorkers workers, MediaWorkerProperties properties) {
        return new DnsWorkerDiscovery(workers, properties.discovery(), DnsWorkerDiscovery.systemResolver());
    }

    @Bean
    MediaWorkerSelector mediaWorkerSelector(@Value("${conclave.media.max-rooms-per-worker:0}") int maxRooms) {
        return new LeastLoadedWorkerSelector(maxRooms);
    }

    @Bean
    MediaReplicas mediaReplicas(JdbcTemplate jdbc, ReplicaProperties properties) {
        return new MediaReplicas(jdbc, properties);
    }

    /** The fence of every write about a room ({@link dev.conclave.media.allocation.RoomFence}). */
    @Bean
    RoomOwnership roomOwnership(JdbcTemplate jdbc, MediaReplicas replicas) {
        return new RoomOwnership(jdbc, replicas);
    }

    @Bean
    RoomRouting roomRouting(RoomOwnership ownership, MediaAllocations allocations, RoomRelocations relocations,
                            MeterRegistry meters) {
        return new RoomRouting(ownership, allocations, relocations, meters);
    }

    @Bean
    SharedDrains sharedDrains(JdbcTemplate jdbc, MediaWorkers workers, MediaAllocations allocations,
                              RoomRelocations relocations) {
        return new SharedDrains(jdbc, workers, allocations, relocations);
    }

    @Bean
    ReplicaHeartbeat replicaHeartbeat(MediaReplicas replicas, RoomOwnership ownership, RoomRouting routing) {
        return new ReplicaHeartbeat(replicas, ownership, routing);
    }

    @Bean
    MediaAllocations mediaAllocations(MediaWorkers workers, MediaWorkerSelector selector, AllocationStore store,
                                      EndpointIce ice, MediaEventHub events, MeterRegistry meters) {
        MediaAllocations allocations = new MediaAllocations(workers, selector, store, ice, events.nodes());
        meters.gauge("conclave.media.rooms", allocations, MediaAllocations::roomCount);
        meters.gauge("conclave.media.endpoints", allocations, MediaAllocations::endpointCount);
        return allocations;
    }

    @Bean
    RoomRelocations roomRelocations(MediaAllocations allocations, MediaWorkers workers, AllocationStore store,
                                    MediaEventHub events, MeterRegistry meters) {
        return new RoomRelocations(allocations, workers, store, events, meters);
    }
}
