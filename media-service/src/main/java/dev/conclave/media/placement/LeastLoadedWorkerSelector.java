package dev.conclave.media.placement;

import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.WorkerId;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The worker with the least load: WebRTC endpoints placed there (what costs a media server CPU), then rooms, then
 * the CPU it last reported, then its id so that equal workers are picked in a stable order. A worker that has
 * {@code maxRoomsPerWorker} rooms already (when above 0) takes no more.
 */
public class LeastLoadedWorkerSelector implements MediaWorkerSelector {

    private final int maxRoomsPerWorker;

    public LeastLoadedWorkerSelector() {
        this(0);
    }

    public LeastLoadedWorkerSelector(int maxRoomsPerWorker) {
        this.maxRoomsPerWorker = maxRoomsPerWorker;
    }

    @Override
    public Optional<MediaWorker> select(Collection<MediaWorker> workers, Map<WorkerId, WorkerLoad> loads) {
        Comparator<MediaWorker> byLoad = Comparator
                .<MediaWorker>comparingInt(worker -> load(loads, worker).endpoints())
                .thenComparingInt(worker -> load(loads, worker).rooms())
                .thenComparingDouble(worker -> worker.lastStatus() == null ? 0 : worker.lastStatus().cpuPercent())
                .thenComparing(MediaWorker::id);
        return workers.stream().filter(MediaWorker::acceptsRooms)
                .filter(worker -> maxRoomsPerWorker <= 0 || load(loads, worker).rooms() < maxRoomsPerWorker)
                .min(byLoad);
    }

    private static WorkerLoad load(Map<WorkerId, WorkerLoad> loads, MediaWorker worker) {
        return loads.getOrDefault(worker.id(), WorkerLoad.NONE);
    }
}
