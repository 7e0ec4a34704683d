package dev.conclave.media.support;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A media worker in memory, at our own port: pipelines and endpoints with ids, answers that name the offer, one
 * host candidate per endpoint once it has an offer. {@link FakeMediaWorkers} decides whether it is alive.
 */
public final class FakeMediaWorkerClient implements MediaWorkerClient {

    private final WorkerId worker;
    private final FakeMediaWorkers cluster;
    private final MediaWorkerListener listener;
    private final AtomicInteger ids = new AtomicInteger();
    final Map<String, String> endpointPipeline = new ConcurrentHashMap<>();
    final Map<String, EndpointKey> endpointKeys = new ConcurrentHashMap<>();
    final Set<String> pipelines = ConcurrentHashMap.newKeySet();
    public final List<String> connections = new CopyOnWriteArrayList<>();
    public final List<IceCandidate> candidatesAdded = new CopyOnWriteArrayList<>();
    public final List<EndpointIceSettings> iceSettings = new CopyOnWriteArrayList<>();
    /** Endpoints listened to on this connection (a closed connection's listeners hear nothing any more). */
    public final Set<String> watched = ConcurrentHashMap.newKeySet();
    private volatile boolean connectionOpen = true;

    FakeMediaWorkerClient(WorkerId worker, FakeMediaWorkers cluster, MediaWorkerListener listener) {
        this.worker = worker;
        this.cluster = cluster;
        this.listener = listener;
    }

    @Override
    public WorkerId worker() {
        return worker;
    }

    @Override
    public boolean connected() {
        return connectionOpen;
    }

    /** The connection to the worker is reset: calls on it fail, the worker and what it holds are fine. */
    public void dropConnection() {
        connectionOpen = false;
    }

    @Override
    public WorkerStatus probe() {
        alive("probe");
        return new WorkerStatus("fake-7.2.0", pipelines.size(), 1.5);
    }

    @Override
    public String createPipeline(String roomId) {
        alive("createPipeline");
        String id = worker + "-pipeline-" + ids.incrementAndGet();
        pipelines.add(id);
        return id;
    }

    @Override
    public boolean pipelineExists(String pipelineId) {
        alive("pipelineExists");
        return cluster.pipelinesOf(worker).contains(pipelineId);
    }

    @Override
    public String createEndpoint(String pipelineId, EndpointKey key, EndpointIceSettings ice) {
        alive("createEndpoint");
        if (!pipelines.contains(pipelineId)) {
            throw new MediaWorkerRejectedException("no pipeline " + pipelineId, null);
        }
        String id = pipelineId + "/endpoint-" + ids.incrementAndGet();
        endpointPipeline.put(id, pipelineId);
        endpointKeys.put(id, key);
        iceSettings.add(ice);
        return id;
    }

    @Override
    public void watchEndpoint(String endpointId, EndpointKey key) {
        alive("watchEndpoint");
        if (!cluster.endpointsOf(worker).containsKey(endpointId)) {
            throw new MediaWorkerRejectedException("no endpoint " + endpointId, null);
        }
        endpointKeys.put(endpointId, key);
        watched.add(endpointId);
    }

    @Override
    public String processOffer(String endpointId, String sdpOffer) {
        alive("processOffer");
        EndpointKey key = endpoint(endpointId);
        if (!sdpOffer.contains("a=fake-offer")) {
            throw new MediaWorkerRejectedException("SDP offer does not parse", null);
        }
        listener.iceCandidateFound(key, new IceCandidate("candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host",
                "0", 0));
        return "v=0\r\na=fake-answer:" + endpointId + "\r\n";
    }

    @Override
    public void addIceCandidate(String endpointId, IceCandidate candidate) {
        alive("addIceCandidate");
        endpoint(endpointId);
        candidatesAdded.add(candidate);
    }

    @Override
    public void connect(String sourceEndpointId, String sinkEndpointId) {
        alive("connect");
        endpoint(sourceEndpointId);
        endpoint(sinkEndpointId);
        connections.add(sourceEndpointId + "->" + sinkEndpointId);
    }

    @Override
    public void release(String objectId) {
        alive("release");
        if (pipelines.remove(objectId)) {
            endpointPipeline.values().removeIf(objectId::equals);
        }
        endpointPipeline.remove(objectId);
        endpointKeys.remove(objectId);
    }

    @Override
    public void close() {
    }

    public Set<String> pipelines() {
        return Set.copyOf(pipelines);
    }

    public Map<String, EndpointKey> endpoints() {
        Map<String, EndpointKey> live = new ConcurrentHashMap<>();
        endpointPipeline.keySet().forEach(id -> live.put(id, endpointKeys.get(id)));
        return live;
    }

    private EndpointKey endpoint(String endpointId) {
        if (!endpointPipeline.containsKey(endpointId)) {
            throw new MediaWorkerRejectedException("no endpoint " + endpointId, null);
        }
        return endpointKeys.get(endpointId);
    }

    private void alive(String operation) {
        cluster.delay(worker);
        if (!cluster.isAlive(worker)) {
            throw new MediaWorkerFailedException(worker, operation + ": connection refused", null);
        }
        if (!connectionOpen) {
            throw new MediaWorkerFailedException(worker, operation + ": connection closed", null);
        }
    }
}
