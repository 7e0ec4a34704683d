package dev.conclave.media.placement;

import dev.conclave.media.worker.MediaWorker;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The worker with the least load: WebRTC endpoints we placed there (what costs a media server CPU), then rooms, then
 * the CPU it last reported, then its id so that equal workers are picked in a stable order.
 */
public class LeastLoadedWorkerSelector implements MediaWorkerSelector {

    private static final Comparator<MediaWorker> BY_LOAD = Comparator.comparingInt(MediaWorker::endpoints)
            .thenComparingInt(MediaWorker::rooms)
            .thenComparingDouble(worker -> worker.lastStatus() == null ? 0 : worker.lastStatus().cpuPercent())
            .thenComparing(MediaWorker::id);

    @Override
    public Optional<MediaWorker> select(Collection<MediaWorker> workers) {
        return workers.stream().filter(MediaWorker::acceptsRooms).min(BY_LOAD);
    }
}
