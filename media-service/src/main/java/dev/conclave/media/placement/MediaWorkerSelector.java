package dev.conclave.media.placement;

import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.WorkerId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Picks the worker a new room goes to, among those that accept rooms (up and not draining). */
public interface MediaWorkerSelector {

    /**
     * @param loads what each worker carries, counted over every replica (a worker missing here carries nothing)
     */
    Optional<MediaWorker> select(Collection<MediaWorker> workers, Map<WorkerId, WorkerLoad> loads);

    /** As counted by this replica alone. */
    default Optional<MediaWorker> select(Collection<MediaWorker> workers) {
        return select(workers, MediaWorkerSelector.ownLoads(workers));
    }

    static Map<WorkerId, WorkerLoad> ownLoads(Collection<MediaWorker> workers) {
        return workers.stream().collect(java.util.stream.Collectors.toMap(MediaWorker::id,
                worker -> new WorkerLoad(worker.rooms(), worker.endpoints())));
    }
}
