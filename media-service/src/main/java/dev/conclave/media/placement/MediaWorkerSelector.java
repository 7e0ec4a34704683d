package dev.conclave.media.placement;

import dev.conclave.media.worker.MediaWorker;
import java.util.Collection;
import java.util.Optional;

/** Picks the worker a new room goes to, among those that accept rooms (up and not draining). */
public interface MediaWorkerSelector {

    Optional<MediaWorker> select(Collection<MediaWorker> workers);
}
