package dev.conclave.media.worker;

import java.net.URI;

/** Opens a {@link MediaWorkerClient} to a worker; the registry holds one per worker. */
public interface MediaWorkerConnector {

    MediaWorkerClient connect(WorkerId worker, URI url, MediaWorkerListener listener);
}
