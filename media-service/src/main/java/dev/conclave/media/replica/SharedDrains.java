package dev.conclave.media.replica;

import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Draining shared by every replica ({@code media_worker_drain}): an operator asks one replica, and each of the
 * others follows at its next probe — none places a new room on the worker, and with {@code moveRooms} each moves
 * the rooms it owns there.
 */
public class SharedDrains {

    private static final Logger log = LoggerFactory.getLogger(SharedDrains.class);

    private final JdbcTemplate jdbc;
    private final MediaWorkers workers;
    private final MediaAllocations allocations;
    private final RoomRelocations relocations;

    public SharedDrains(JdbcTemplate jdbc, MediaWorkers workers, MediaAllocations allocations,
                        RoomRelocations relocations) {
        this.jdbc = jdbc;
        this.workers = workers;
        this.allocations = allocations;
        this.relocations = relocations;
    }

    /**
     * Drains the worker (or stops draining it) on every replica; this one at once, moving its own rooms there when
     * asked. Returns how many rooms this replica moved.
     */
    public synchronized int drain(WorkerId worker, boolean draining, boolean moveRooms) {
        workers.get(worker);
        if (draining) {
            jdbc.update("INSERT INTO media_worker_drain (worker_id, move_rooms, since) VALUES (?, ?, now())"
                    + " ON CONFLICT (worker_id) DO UPDATE SET move_rooms = media_worker_drain.move_rooms OR"
                    + " EXCLUDED.move_rooms", worker.value(), moveRooms);
        } else {
            jdbc.update("DELETE FROM media_worker_drain WHERE worker_id = ?", worker.value());
        }
        workers.drain(worker, draining);
        return moveRooms ? relocations.migrate(worker) : 0;
    }

    /**
     * Follows what was asked of any replica: called after each probe. One at a time with {@link #drain}, so a
     * reading taken before an operator's change is never applied after it.
     */
    public synchronized void sync() {
        Map<WorkerId, Boolean> asked = new HashMap<>();
        try {
            jdbc.query("SELECT worker_id, move_rooms FROM media_worker_drain", row -> {
                asked.put(new WorkerId(row.getString("worker_id")), row.getBoolean("move_rooms"));
            });
        } catch (RuntimeException e) {
            log.warn("could not read which workers drain: {}", e.getMessage());
            return;
        }
        for (MediaWorker worker : workers.all()) {
            boolean draining = asked.containsKey(worker.id());
            if (worker.draining() != draining) {
                workers.drain(worker.id(), draining);
            }
            if (Boolean.TRUE.equals(asked.get(worker.id())) && !allocations.roomsOn(worker.id()).isEmpty()) {
                relocations.migrate(worker.id());
            }
        }
    }
}
