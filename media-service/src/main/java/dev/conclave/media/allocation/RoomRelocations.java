package dev.conclave.media.allocation;

import dev.conclave.media.allocation.AllocationStore.StoredRoom;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.events.MediaEventHub;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerLostEvent;
import dev.conclave.media.worker.WorkerReconnectedEvent;
import dev.conclave.media.worker.WorkerState;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    public static final String EVENTS_MISSED = "EVENTS_MISSED";

    private static final Logger log = LoggerFactory.getLogger(RoomRelocations.class);

    private final MediaAllocations allocations;
    private final MediaWorkers workers;
    private final AllocationStore store;
    private final MediaEventHub events;
    private final MeterRegistry meters;
    /** Rooms taken back after a restart whose worker has not yet told whether it still has their pipeline. */
    private final Map<RoomId, StoredRoom> waiting = new ConcurrentHashMap<>();

    public RoomRelocations(MediaAllocations allocations, MediaWorkers workers, AllocationStore store,
                           MediaEventHub events, MeterRegistry meters) {
        this.allocations = allocations;
        this.workers = workers;
        this.store = store;
        this.events = events;
        this.meters = meters;
        // At zero from the start, so dashboards and alerts find the series before the first move.
        for (String reason : List.of(WORKER_LOST, WORKER_DRAINED, PIPELINE_LOST, EVENTS_MISSED)) {
            meters.counter("conclave.media.room.relocations", "reason", reason);
        }
    }

    @EventListener
    public void workerLost(WorkerLostEvent lost) {
        WorkerId worker = lost.worker().id();
        List<RoomId> rooms = List.copyOf(allocations.roomsOn(worker));
        events.publish(new MediaEvent.WorkerLost(worker.value(), rooms));
        log.warn("worker {} lost with {} rooms; moving them", worker, rooms.size());
        rooms.forEach(room -> move(room, worker, false, WORKER_LOST));
    }

    /**
     * A worker answered again on a new connection after its old one closed: its rooms are checked as after a restart
     * ({@link #reattachWaiting}), each listened to again if its pipeline is still there, moved if it is gone.
     */
    @EventListener
    public void workerReconnected(WorkerReconnectedEvent reconnected) {
        WorkerId worker = reconnected.worker().id();
        List<StoredRoom> rooms = store.rooms().stream().filter(room -> room.worker().equals(worker))
                .filter(room -> allocations.workerOf(room.room()).equals(Optional.of(worker))).toList();
        rooms.forEach(room -> waiting.put(room.room(), room));
        log.info("worker {} answers on a new connection; checking its {} rooms", worker, rooms.size());
        reattachWaiting();
    }

    /** Moves every room off a (draining) worker, releasing its old pipelines. Returns how many moved. */
    public int migrate(WorkerId worker) {
        MediaWorker draining = workers.get(worker);
        List<RoomId> rooms = List.copyOf(allocations.roomsOn(draining.id()));
        log.info("worker {}: moving {} rooms away", worker, rooms.size());
        return (int) rooms.stream().filter(room -> move(room, draining.id(), true, WORKER_DRAINED)).count();
    }

    /**
     * A signaling node's resumed event stream lacks events no longer kept (ICE candidates among them) for these rooms
     * (every room, when {@code everyRoom}): each moves, releasing its old pipeline, so its participants renegotiate
     * rather than wait for candidates that will never come. Returns how many moved.
     */
    public int eventsMissed(List<RoomId> rooms, boolean everyRoom) {
        List<RoomId> affected = everyRoom ? workers.all().stream()
                .flatMap(worker -> allocations.roomsOn(worker.id()).stream()).toList() : rooms;
        List<RoomId> held = affected.stream().filter(room -> allocations.workerOf(room).isPresent()).toList();
        log.warn("{} rooms had media events a signaling node missed; moving them so their participants renegotiate",
                held.size());
        return (int) held.stream().filter(room -> allocations.workerOf(room)
                .map(worker -> move(room, worker, true, EVENTS_MISSED)).orElse(false)).count();
    }

    /**
     * Takes back every room saved before this service restarted, with its endpoints, before any call is served (a
     * lone media-service; replicas take rooms one by one, {@link #takeOver}).
     */
    public void reattach() {
        List<StoredRoom> saved = store.rooms();
        saved.forEach(this::restore);
        if (!saved.isEmpty()) {
            log.info("took back {} saved rooms; checking their pipelines", saved.size());
        }
        reattachWaiting();
    }

    /**
     * Takes over a room as its former owner (a dead replica, or this one before a restart) left it, with its
     * endpoints: it stays on its worker until that worker tells whether it still has the room's pipeline. A worker
     * that has not answered yet (a missed first probe) is asked again after each probe ({@link #reattachWaiting});
     * a pipeline still there is listened to again, with no renegotiation; a gone pipeline, or a worker lost after
     * its missed probes, moves the room and its participants renegotiate. A room whose placement its former owner
     * did not finish (no pipeline yet) is forgotten: it is placed again on its next publish.
     */
    public void takeOver(RoomId room) {
        store.room(room).ifPresent(saved -> {
            if (saved.reserved()) {
                store.deleteRoom(room);
                log.info("room {}: its placement was not finished by its former owner; placed again when needed",
                        room);
                return;
            }
            restore(saved);
            reattachWaiting();
        });
    }

    private void restore(StoredRoom room) {
        if (room.reserved()) {
            return;
        }
        if (!workers.contains(room.worker())) {
            allocations.restore(room, List.of());
            move(room.room(), room.worker(), false, PIPELINE_LOST);
        } else {
            allocations.restore(room, store.endpoints(room.room()));
            waiting.put(room.room(), room);
        }
    }

    /** Checks the restored rooms whose worker has not yet told whether it still has their pipeline. */
    public void reattachWaiting() {
        for (StoredRoom room : List.copyOf(waiting.values())) {
            if (!allocations.workerOf(room.room()).equals(Optional.of(room.worker()))
                    || !workers.contains(room.worker())) {
                waiting.remove(room.room()); // released, or moved with its lost worker meanwhile
                continue;
            }
            WorkerState state = workers.get(room.worker()).state();
            if (state == WorkerState.DOWN) {
                waiting.remove(room.room()); // its lost worker's rooms move (WorkerLostEvent)
            } else if (state == WorkerState.UP) {
                reattach(room);
            }
        }
    }

    private void reattach(StoredRoom room) {
        try {
            if (workers.client(room.worker()).pipelineExists(room.pipelineId())) {
                allocations.watchAgain(room.room());
                waiting.remove(room.room());
                log.info("room {}: reattached to its pipeline on worker {}", room.room(), room.worker());
            } else {
                waiting.remove(room.room());
                move(room.room(), room.worker(), false, PIPELINE_LOST);
            }
        } catch (RuntimeException e) {
            log.warn("room {}: cannot tell yet whether worker {} still has its pipeline: {}", room.room(),
                    room.worker(), e.getMessage());
        }
    }

    /** Moves the room off {@code from}, unless it left that worker meanwhile (moved or released): then false. */
    private boolean move(RoomId room, WorkerId from, boolean releaseOld, String reason) {
        Optional<WorkerId> to = allocations.relocate(room, from, releaseOld);
        if (to == null) {
            return false;
        }
        meters.counter("conclave.media.room.relocations", "reason", reason).increment();
        events.publish(new MediaEvent.RenegotiationNeeded(room, to.map(WorkerId::value).orElse(""), reason));
        return to.isPresent();
    }
}
