package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.ServerManager;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One Kurento Media Server: pipelines and WebRTC endpoints through the Kurento Java client. An error answer from
 * KMS means the request was refused ({@link MediaWorkerRejectedException}); anything else (no answer, a closed
 * socket, which the client reports as a server error of code 0) means the worker failed
 * ({@link MediaWorkerFailedException}).
 */
class KurentoMediaWorkerClient implements MediaWorkerClient {

    private static final Logger log = LoggerFactory.getLogger(KurentoMediaWorkerClient.class);
    /** Milliseconds KMS averages its CPU use over when probed. */
    private static final int CPU_SAMPLE_MS = 100;

    private final WorkerId worker;
    private final KurentoClient kurento;
    private final MediaWorkerListener listener;
    private final Map<String, MediaObject> objects = new ConcurrentHashMap<>();
    /** The pipeline of each endpoint we hold, to forget the endpoints with their pipeline. */
    private final Map<String, String> pipelineOf = new ConcurrentHashMap<>();
    /** KMS's error code for an object that does not exist (any more). */
    private static final int OBJECT_NOT_FOUND = 40101;
    /**
     * The code of the Kurento client's own errors, KMS never answered: "Connection with server have been closed"
     * when the socket dropped under a call. KMS's own codes are 40000 and up, or JSON-RPC's negative ones.
     */
    private static final int NO_ANSWER_FROM_KMS = 0;

    private final BooleanSupplier connected;

    KurentoMediaWorkerClient(WorkerId worker, KurentoClient kurento, MediaWorkerListener listener,
                             BooleanSupplier connected) {
        this.worker = worker;
        this.kurento = kurento;
        this.listener = listener;
        this.connected = connected;
    }

    @Override
    public boolean connected() {
        return connected.getAsBoolean();
    }

    @Override
    public WorkerId worker() {
        return worker;
    }

    @Override
    public WorkerStatus probe() {
        return call("probe", () -> {
            ServerManager server = kurento.getServerManager();
            return new WorkerStatus(server.getInfo().getVersion(), server.getPipelines().size(),
                    server.getUsedCpu(CPU_SAMPLE_MS));
        });
    }

    @Override
    public String createPipeline(String roomId) {
        return call("createPipeline", () -> {
            MediaPipeline pipeline = kurento.createMediaPipeline();
            pipeline.setName("conclave-room-" + roomId);
            objects.put(pipeline.getId(), pipeline);
            return pipeline.getId();
        });
    }

    @Override
    public boolean pipelineExists(String pipelineId) {
        return call("pipelineExists", () -> {
            try {
                kurento.getById(pipelineId, MediaPipeline.class).getName();
                return true;
            } catch (KurentoServerException e) {
                if (e.getCode() == OBJECT_NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public String createEndpoint(String pipelineId, EndpointKey key, EndpointIceSettings ice) {
        return call("createEndpoint", () -> {
            MediaPipeline pipeline = object(pipelineId, MediaPipeline.class);
            WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
            objects.put(endpoint.getId(), endpoint);
            pipelineOf.put(endpoint.getId(), pipelineId);
            endpoint.setName(key.toString());
            if (ice.stunAddress() != null) {
                endpoint.setStunServerAddress(ice.stunAddress());
                endpoint.setStunServerPort(ice.stunPort());
            }
            if (ice.turnUrl() != null) {
                endpoint.setTurnUrl(ice.turnUrl());
            }
            watch(endpoint, key);
            return endpoint.getId();
        });
    }

    @Override
    public void watchEndpoint(String endpointId, EndpointKey key) {
        call("watchEndpoint", () -> {
            watch(object(endpointId, WebRtcEndpoint.class), key);
            return null;
        });
    }

    @Override
    public String processOffer(String endpointId, String sdpOffer) {
        return call("processOffer", () -> {
            WebRtcEndpoint endpoint = object(endpointId, WebRtcEndpoint.class);
            String answer = endpoint.processOffer(sdpOffer);
            endpoint.gatherCandidates();
            return answer;
        });
    }

    @Override
    public void addIceCandidate(String endpointId, IceCandidate candidate) {
        call("addIceCandidate", () -> {
            object(endpointId, WebRtcEndpoint.class).addIceCandidate(new org.kurento.client.IceCandidate(
                    candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex()));
            return null;
        });
    }

    @Override
    public void connect(String sourceEndpointId, String sinkEndpointId) {
        call("connect", () -> {
            object(sourceEndpointId, WebRtcEndpoint.class).connect(object(sinkEndpointId, WebRtcEndpoint.class));
            return null;
        });
    }

    @Override
    public void release(String objectId) {
        call("release", () -> {
            MediaObject object = objects.remove(objectId);
            pipelineOf.remove(objectId);
            pipelineOf.entrySet().removeIf(child -> {
                boolean gone = child.getValue().equals(objectId);
                if (gone) {
                    objects.remove(child.getKey());
                }
                return gone;
            });
            try {
                (object != null ? object : kurento.getById(objectId, MediaObject.class)).release();
            } catch (KurentoServerException e) {
                if (e.getCode() == NO_ANSWER_FROM_KMS) {
                    throw e; // not released: the connection dropped, the release is tried again
                }
                log.debug("worker {}: {} was gone already ({})", worker, objectId, e.getMessage());
            }
            return null;
        });
    }

    @Override
    public void close() {
        objects.clear();
        pipelineOf.clear();
        kurento.destroy();
    }

    private void watch(WebRtcEndpoint endpoint, EndpointKey key) {
        endpoint.addIceCandidateFoundListener(event -> {
            org.kurento.client.IceCandidate found = event.getCandidate();
            listener.iceCandidateFound(key, new IceCandidate(found.getCandidate(), found.getSdpMid(),
                    found.getSdpMLineIndex()));
        });
        endpoint.addIceComponentStateChangedListener(event ->
                listener.endpointStateChanged(key, "ICE_" + event.getState()));
        endpoint.addMediaFlowInStateChangedListener(event ->
                listener.endpointStateChanged(key, "MEDIA_IN_" + event.getState()));
        objects.putIfAbsent(endpoint.getId(), endpoint);
    }

    private <T extends MediaObject> T object(String id, Class<T> type) {
        MediaObject known = objects.get(id);
        return type.isInstance(known) ? type.cast(known) : kurento.getById(id, type);
    }

    private <T> T call(String operation, Supplier<T> work) {
        MDC.put("workerId", worker.value());
        try {
            return work.get();
        } catch (KurentoServerException e) {
            if (e.getCode() == NO_ANSWER_FROM_KMS) {
                throw new MediaWorkerFailedException(worker, operation + " failed: " + e.getMessage(), e);
            }
            throw new MediaWorkerRejectedException("Kurento refused " + operation + ": " + e.getMessage()
                    + " (code " + e.getCode() + ")", e);
        } catch (RuntimeException e) {
            throw new MediaWorkerFailedException(worker, operation + " failed: " + e.getMessage(), e);
        } finally {
            MDC.remove("workerId");
        }
    }
}
