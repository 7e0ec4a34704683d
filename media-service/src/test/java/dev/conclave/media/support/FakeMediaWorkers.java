package dev.conclave.media.support;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.WorkerId;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fake workers at our own {@link MediaWorkerConnector} port: each can be killed (its pipelines are gone, like a
 * crashed media server), brought back empty, or slowed down.
 */
public final class FakeMediaWorkers implements MediaWorkerConnector {

    private final Set<WorkerId> dead = ConcurrentHashMap.newKeySet();
    private final Map<WorkerId, Duration> delays = new ConcurrentHashMap<>();
    private final Map<WorkerId, FakeMediaWorkerClient> clients = new ConcurrentHashMap<>();

    @Override
    public MediaWorkerClient connect(WorkerId worker, URI url, MediaWorkerListener listener) {
        if (dead.contains(worker)) {
            throw new MediaWorkerFailedException(worker, "connection refused", null);
        }
        FakeMediaWorkerClient previous = clients.get(worker);
        FakeMediaWorkerClient client = new FakeMediaWorkerClient(worker, this, listener);
        if (previous != null) {
            client.pipelines.addAll(previous.pipelines);
            client.endpointPipeline.putAll(previous.endpointPipeline);
            client.endpointKeys.putAll(previous.endpointKeys);
        }
        clients.put(worker, client);
        return client;
    }

    /** Takes on what {@code other}'s workers hold: the same media servers, seen by a restarted media-service. */
    public void adopt(FakeMediaWorkers other) {
        other.clients.forEach((worker, theirs) -> {
            FakeMediaWorkerClient ours = clients.get(worker);
            ours.pipelines.addAll(theirs.pipelines);
            ours.endpointPipeline.putAll(theirs.endpointPipeline);
            ours.endpointKeys.putAll(theirs.endpointKeys);
        });
    }

    public FakeMediaWorkerClient client(String worker) {
        return clients.get(new WorkerId(worker));
    }

    /** The worker crashes: it stops answering and everything it held is gone. */
    public void kill(String worker) {
        WorkerId id = new WorkerId(worker);
        dead.add(id);
        FakeMediaWorkerClient client = clients.get(id);
        if (client != null) {
            client.pipelines.clear();
            client.endpointPipeline.clear();
            client.endpointKeys.clear();
        }
    }

    public void revive(String worker) {
        dead.remove(new WorkerId(worker));
    }

    /** Every call to the worker takes this long (a worker that answers slowly). */
    public void slowDown(String worker, Duration delay) {
        delays.put(new WorkerId(worker), delay);
    }

    boolean isAlive(WorkerId worker) {
        return !dead.contains(worker);
    }

    void delay(WorkerId worker) {
        Duration delay = delays.get(worker);
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Set<String> pipelinesOf(WorkerId worker) {
        FakeMediaWorkerClient client = clients.get(worker);
        return client == null ? Set.of() : client.pipelines;
    }

    Map<String, EndpointKey> endpointsOf(WorkerId worker) {
        FakeMediaWorkerClient client = clients.get(worker);
        return client == null ? Map.of() : client.endpointKeys;
    }
}
