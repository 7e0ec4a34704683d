package dev.conclave.media.worker;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.ice.EndpointIceSettings;

/**
 * One connection to one media worker: the few operations an SFU room needs. Ids are the worker's own object ids.
 * Failures of the worker throw {@link MediaWorkerFailedException}; requests it refuses throw
 * {@link MediaWorkerRejectedException}.
 */
public interface MediaWorkerClient extends AutoCloseable {

    WorkerId worker();

    /** Asks the worker how it is; fails if it does not answer. */
    WorkerStatus probe();

    /**
     * Whether the connection to the worker is still open. A worker's objects outlive a connection that closed (a
     * reset on the way): the registry connects again at its next probe and the rooms there are listened to again.
     */
    default boolean connected() {
        return true;
    }

    /** A new pipeline for a room; returns its id. */
    String createPipeline(String roomId);

    /** Whether the pipeline still exists on the worker (after a restart of this service). */
    boolean pipelineExists(String pipelineId);

    /**
     * A new WebRTC endpoint in the pipeline; its ICE candidates and state changes go to the worker's
     * {@link MediaWorkerListener} with {@code key}.
     */
    String createEndpoint(String pipelineId, EndpointKey key, EndpointIceSettings ice);

    /** Listens again to an endpoint created before this service restarted. */
    void watchEndpoint(String endpointId, EndpointKey key);

    /** The SDP answer to a browser's offer; the endpoint starts gathering its candidates too. */
    String processOffer(String endpointId, String sdpOffer);

    void addIceCandidate(String endpointId, IceCandidate candidate);

    /** Feeds {@code sinkEndpointId} with what {@code sourceEndpointId} receives. */
    void connect(String sourceEndpointId, String sinkEndpointId);

    /** Releases a pipeline or an endpoint; releasing one that is gone already is not an error. */
    void release(String objectId);

    @Override
    void close();
}
