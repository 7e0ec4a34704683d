package dev.conclave.media.faults;

import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.media.ice.EndpointIce;
import dev.conclave.media.ice.MediaIceProperties;
import dev.conclave.media.kurento.KurentoMediaWorkerConnector;
import dev.conclave.media.placement.LeastLoadedWorkerSelector;
import dev.conclave.media.support.InMemoryAllocationStore;
import dev.conclave.media.worker.MediaWorkerProperties;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerCallGuards;
import dev.conclave.media.worker.WorkerLostEvent;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadProperties;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerProperties;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.UrlResource;

/**
 * media-service's media tier as {@code MediaTierConfiguration} and {@code MediaWorkerWatch} make it, with the
 * settings media-service ships ({@code conclave.media.*} and {@code resilience4j.*.configs.kms} read from its own
 * {@code application.yml}): the real Kurento connector, each worker behind its {@link WorkerCallGuards}, the registry
 * probed every {@code probe-interval}, least-loaded placement, relocation of a lost worker's rooms; allocations in
 * memory. Every media event is kept with the time it was published.
 */
final class ConfiguredKurentoTier implements AutoCloseable {

    /** A media event and when it was published ({@link System#nanoTime()}). */
    record Seen(MediaEvent event, long at) {
    }

    final MediaWorkerProperties settings;
    final CircuitBreakerRegistry breakers;
    final MediaEventHub hub = new MediaEventHub(new SimpleMeterRegistry());
    final List<Seen> events = new CopyOnWriteArrayList<>();
    final MediaWorkers workers;
    final MediaAllocations allocations;
    final RoomRelocations relocations;
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();

    /** The tier on {@code workers} (id, url), probed once, then every {@code probe-interval}. */
    ConfiguredKurentoTier(List<MediaWorkerProperties.Worker> workerList) {
        Binder binder = mediaServiceConfiguration();
        MediaWorkerProperties shipped = binder.bind("conclave.media", MediaWorkerProperties.class).get();
        settings = new MediaWorkerProperties(workerList, "", shipped.probeInterval(), shipped.probeTimeout(),
                shipped.missedProbes(), shipped.callTimeout(), shipped.maxConcurrentCalls());
        CircuitBreakerProperties breakerProperties = binder.bind("resilience4j.circuitbreaker",
                CircuitBreakerProperties.class).get();
        BulkheadProperties bulkheads = binder.bind("resilience4j.bulkhead", BulkheadProperties.class).get();
        RetryProperties retries = binder.bind("resilience4j.retry", RetryProperties.class).get();
        breakers = CircuitBreakerRegistry.of(Map.of("kms", breakerProperties.createCircuitBreakerConfig("kms",
                breakerProperties.getConfigs().get("kms"), new CompositeCustomizer<>(List.of()))));
        WorkerCallGuards guards = new WorkerCallGuards(breakers,
                BulkheadRegistry.of(Map.of("kms", bulkheads.createBulkheadConfig(bulkheads.getConfigs().get("kms"),
                        new CompositeCustomizer<>(List.of()), "kms"))),
                RetryRegistry.of(Map.of("kms", retries.createRetryConfig(retries.getConfigs().get("kms"),
                        new CompositeCustomizer<>(List.of()), "kms"))),
                settings, calls);
        hub.subscribe(event -> events.add(new Seen(event, System.nanoTime())));
        RoomRelocations[] relocated = new RoomRelocations[1];
        // as MediaTierConfiguration.mediaWorkerConnector
        workers = new MediaWorkers(new KurentoMediaWorkerConnector(settings.probeTimeout().plus(Duration.ofSeconds(1)),
                settings.callTimeout()), hub, guards, settings, event -> {
            // WorkerReconnectedEvent is not passed on: listening to a room's endpoints again on a new connection asks
            // KMS things no recording has (RoomRelocationsTest covers it on fake workers).
            if (event instanceof WorkerLostEvent lost) {
                relocated[0].workerLost(lost);
            }
        }, calls, Clock.systemUTC());
        InMemoryAllocationStore store = new InMemoryAllocationStore();
        allocations = new MediaAllocations(workers, new LeastLoadedWorkerSelector(), store,
                new EndpointIce(new MediaIceProperties("", 3478, "", "udp", null, null), Clock.systemUTC()));
        relocations = new RoomRelocations(allocations, workers, store, hub,
                new SimpleMeterRegistry());
        relocated[0] = relocations;
        workers.probeAll();
        // as MediaWorkerWatch.probeAgain
        long interval = settings.probeInterval().toMillis();
        watch.scheduleWithFixedDelay(() -> {
            workers.probeAll();
            relocations.reattachWaiting();
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    CircuitBreaker breaker(String worker) {
        return breakers.circuitBreaker(worker);
    }

    <T extends MediaEvent> List<Seen> seen(Class<T> type) {
        return events.stream().filter(seen -> type.isInstance(seen.event())).toList();
    }

    /** media-service's application.yml (signaling-service's jar, also on the class path, has one of that name). */
    private static Binder mediaServiceConfiguration() {
        try {
            URL yaml = Collections.list(ConfiguredKurentoTier.class.getClassLoader().getResources("application.yml"))
                    .stream().filter(url -> url.toString().contains("media-service")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("media-service's application.yml is not on the"
                            + " class path"));
            StandardEnvironment environment = new StandardEnvironment();
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("media", new UrlResource(yaml))) {
                environment.getPropertySources().addLast(source);
            }
            return new Binder(ConfigurationPropertySources.get(environment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        watch.shutdownNow();
        watch.awaitTermination(5, TimeUnit.SECONDS);
        workers.closeAll();
        calls.shutdownNow();
    }
}
