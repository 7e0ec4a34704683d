package dev.conclave.media.worker;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;

/** What a worker tells about the endpoints it holds for us. */
public interface MediaWorkerListener {

    void iceCandidateFound(EndpointKey endpoint, IceCandidate candidate);

    void endpointStateChanged(EndpointKey endpoint, String state);
}
