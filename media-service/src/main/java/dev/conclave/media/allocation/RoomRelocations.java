package dev.conclave.media.allocation;

import dev.conclave.media.allocation.AllocationStore.StoredRoom;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerLostEvent;
import dev.conclave.media.worker.WorkerState;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Rooms that must leave their worker: all of a lost worker's (failover), a draining worker's when an operator asks
 * (migration), and those saved before a restart whose pipeline is gone. Each moved room's participants are told to
 * renegotiate: they publish and subscribe again on the new worker without leaving the room.
 */
public class RoomRelocations {

    public static final String WORKER_LOST = "WORKER_LOST";
    public static final String WORKER_DRAINED = "WORKER_DRAINED";
    public static final String PIPELINE_LOST = "PIPELINE_LOST";

    private static final Logger log = LoggerFactory.getLogger(RoomRelocations.class);

    private final MediaAllocations allocations;
    private final MediaWorkers workers;
    private final AllocationStore store;
    private final MediaEventHub events;
    private final MeterRegistry meters;

    public RoomRelocations(MediaAllocations allocations, MediaWorkers workers, AllocationStore store,
                           MediaEventHub events, MeterRegistry meters) {
        this.allocations = allocations;
        this.workers = workers;
        this.store = store;
        this.events = events;
        this.meters = meters;
        // At zero from the start, so dashboards and alerts find the series before the first move.
        for (String reason : List.of(WORKER_LOST, WORKER_DRAINED, PIPELINE_LOST)) {
            meters.counter("conclave.media.room.relocations", "reason", reason);
        }
    }

    @EventListener
    public void workerLost(WorkerLostEvent lost) {
        WorkerId worker = lost.worker().id();
        List<RoomId> rooms = List.copyOf(allocations.roomsOn(worker));
        events.publish(new MediaEvent.WorkerLost(worker.value(), rooms));
        log.warn("worker {} lost with {} rooms; moving them", worker, rooms.size());
        rooms.forEach(room -> move(room, false, WORKER_LOST));
    }

    /** Moves every room off a (draining) worker, releasing its old pipelines. Returns how many moved. */
    public int migrate(WorkerId worker) {
        MediaWorker draining = workers.get(worker);
        List<RoomId> rooms = List.copyOf(allocations.roomsOn(draining.id()));
        log.info("worker {}: moving {} rooms away", worker, rooms.size());
        return (int) rooms.stream().filter(room -> move(room, true, WORKER_DRAINED)).count();
    }

    /**
     * Takes back the rooms saved before this service restarted: a room whose worker is up and still has its
     * pipeline is listened to again; any other is moved and its participants renegotiate.
     */
    public void reattach() {
        List<StoredRoom> saved = store.rooms();
        int restored = 0;
        for (StoredRoom room : saved) {
            if (stillThere(room)) {
                allocations.restore(room, store.endpoints(room.room()));
                restored++;
            } else {
                allocations.restore(room, List.of());
                move(room.room(), false, PIPELINE_LOST);
            }
        }
        if (!saved.isEmpty()) {
            log.info("reattached to {} of {} saved rooms; the others moved", restored, saved.size());
        }
    }

    private boolean stillThere(StoredRoom room) {
        if (!workers.contains(room.worker()) || workers.get(room.worker()).state() != WorkerState.UP) {
            return false;
        }
        try {
            return workers.client(room.worker()).pipelineExists(room.pipelineId());
        } catch (RuntimeException e) {
            log.warn("room {}: cannot tell whether worker {} still has its pipeline: {}", room.room(), room.worker(),
                    e.getMessage());
            return false;
        }
    }

    private boolean move(RoomId room, boolean releaseOld, String reason) {
        Optional<WorkerId> to = allocations.relocate(room, releaseOld);
        meters.counter("conclave.media.room.relocations", "reason", reason).increment();
        events.publish(new MediaEvent.RenegotiationNeeded(room, to.map(WorkerId::value).orElse(""), reason));
        return to.isPresent();
    }
}
