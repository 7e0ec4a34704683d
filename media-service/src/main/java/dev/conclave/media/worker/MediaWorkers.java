package dev.conclave.media.worker;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The registry of media workers: those configured and those discovered, each probed every
 * {@code probe-interval}. A worker that misses {@code missed-probes} in a row is lost: a {@link WorkerLostEvent}
 * moves its rooms, and it is connected again from scratch when it answers again.
 */
public class MediaWorkers {

    private static final Logger log = LoggerFactory.getLogger(MediaWorkers.class);

    private final Map<WorkerId, MediaWorker> workers = new ConcurrentHashMap<>();
    private final MediaWorkerConnector connector;
    private final MediaWorkerListener listener;
    private final WorkerCallGuards guards;
    private final MediaWorkerProperties properties;
    private final ApplicationEventPublisher events;
    private final ExecutorService probes;
    private final Clock clock;

    public MediaWorkers(MediaWorkerConnector connector, MediaWorkerListener listener, WorkerCallGuards guards,
                        MediaWorkerProperties properties, ApplicationEventPublisher events, ExecutorService probes,
                        Clock clock) {
        this.connector = connector;
        this.listener = listener;
        this.guards = guards;
        this.properties = properties;
        this.events = events;
        this.probes = probes;
        this.clock = clock;
        properties.workers().forEach(worker -> add(new WorkerId(worker.id()), worker.uri()));
    }

    /** Registers a worker (from configuration or discovery); a known id keeps its entry. */
    public MediaWorker add(WorkerId id, URI url) {
        return workers.computeIfAbsent(id, key -> {
            log.info("media worker {} registered at {}", key, url);
            return new MediaWorker(key, url);
        });
    }

    /** Forgets a worker that discovery no longer lists; its rooms move as if it were lost. */
    public void remove(WorkerId id) {
        MediaWorker worker = workers.remove(id);
        if (worker != null) {
            log.info("media worker {} is no longer listed", id);
            closeClient(worker);
            if (worker.state() != WorkerState.DOWN) {
                worker.missedProbe(0, clock.instant());
                events.publishEvent(new WorkerLostEvent(worker));
            }
        }
    }

    public List<MediaWorker> all() {
        List<MediaWorker> list = new ArrayList<>(workers.values());
        list.sort(Comparator.comparing(MediaWorker::id));
        return list;
    }

    public MediaWorker get(WorkerId id) {
        MediaWorker worker = workers.get(id);
        if (worker == null) {
            throw new UnknownWorkerException(id);
        }
        return worker;
    }

    /** Counts rooms and endpoints placed on (or taken off) a worker, if it is still registered. */
    public void loadChanged(WorkerId id, int rooms, int endpoints) {
        MediaWorker worker = workers.get(id);
        if (worker != null) {
            worker.roomsChanged(rooms);
            worker.endpointsChanged(endpoints);
        }
    }

    public boolean contains(WorkerId id) {
        return workers.containsKey(id);
    }

    /**
     * The guarded client of an up worker: every call has a time limit, a bulkhead and the worker's circuit breaker.
     */
    public MediaWorkerClient client(WorkerId id) {
        MediaWorker worker = get(id);
        MediaWorkerClient client = worker.client();
        if (worker.state() != WorkerState.UP || client == null) {
            throw new MediaWorkerFailedException(id, "not available (" + worker.state() + ")", null);
        }
        return client;
    }

    /** A draining worker takes no new rooms; its rooms stay until moved. */
    public MediaWorker drain(WorkerId id, boolean draining) {
        MediaWorker worker = get(id);
        worker.draining(draining);
        log.info("media worker {} {}", id, draining ? "is draining" : "takes rooms again");
        return worker;
    }

    /** Probes every worker at once and waits for all answers (or their time limit). */
    public void probeAll() {
        List<Future<?>> running = all().stream().<Future<?>>map(worker -> probes.submit(() -> probe(worker))).toList();
        for (Future<?> probe : running) {
            try {
                probe.get(properties.probeTimeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                probe.cancel(true);
            }
        }
    }

    /** Probes one worker, connecting first if needed. */
    public void probe(MediaWorker worker) {
        MDC.put("workerId", worker.id().value());
        try {
            GuardedMediaWorkerClient client = worker.client();
            boolean reconnecting = client != null && !client.connected();
            if (reconnecting) {
                // The connection closed under us (a reset on the way), not necessarily the worker: its pipelines and
                // endpoints live on it. Connect again; if it answers, its rooms are listened to again where they are.
                log.warn("the connection to media worker {} closed; connecting again", worker.id());
                closeClient(worker);
                client = null;
            }
            if (client == null) {
                client = guards.guard(connector.connect(worker.id(), worker.url(), listener));
                worker.client(client);
            }
            WorkerStatus status = client.probe(properties.probeTimeout());
            WorkerState before = worker.state();
            worker.probed(status, clock.instant());
            if (reconnecting) {
                events.publishEvent(new WorkerReconnectedEvent(worker));
            }
            if (before != WorkerState.UP) {
                log.info("media worker {} is up: Kurento {}, {} pipelines", worker.id(), status.version(),
                        status.pipelines());
            }
        } catch (RuntimeException e) {
            missed(worker, e);
        } finally {
            MDC.remove("workerId");
        }
    }

    private void missed(MediaWorker worker, RuntimeException failure) {
        boolean lost = worker.missedProbe(properties.missedProbes(), clock.instant());
        if (worker.missedProbes() == 1 || lost) {
            log.warn("media worker {} missed probe {} of {}: {}", worker.id(), worker.missedProbes(),
                    properties.missedProbes(), failure.getMessage());
        }
        if (worker.state() == WorkerState.DOWN) {
            // Whatever the worker held is gone or unreachable: start from a fresh connection when it answers again.
            closeClient(worker);
        }
        if (lost) {
            log.error("media worker {} is lost; its rooms move to other workers", worker.id());
            events.publishEvent(new WorkerLostEvent(worker));
            worker.resetLoad();
        }
    }

    private void closeClient(MediaWorker worker) {
        GuardedMediaWorkerClient client = worker.client();
        worker.client(null);
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException e) {
                log.debug("closing the connection to media worker {} failed", worker.id(), e);
            }
        }
    }

    public void closeAll() {
        workers.values().forEach(this::closeClient);
    }
}
