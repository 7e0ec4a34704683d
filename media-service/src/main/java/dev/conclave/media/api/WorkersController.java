package dev.conclave.media.api;

import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops API of the media tier: the workers with their state and load, and draining one before maintenance.
 * Served on media-service's own port, for operators (not routed by the gateway).
 */
@RestController
@RequestMapping("/api/v1/media/workers")
class WorkersController {

    private final MediaWorkers workers;
    private final RoomRelocations relocations;
    private final CircuitBreakerRegistry breakers;

    WorkersController(MediaWorkers workers, RoomRelocations relocations, CircuitBreakerRegistry breakers) {
        this.workers = workers;
        this.relocations = relocations;
        this.breakers = breakers;
    }

    @GetMapping
    List<WorkerView> list() {
        return workers.all().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    WorkerView get(@PathVariable String id) {
        return view(workers.get(WorkerIds.parse(id)));
    }

    /** Sets whether the worker drains; {@code moveRooms} also moves its rooms away now. */
    @PutMapping("/{id}/drain")
    DrainResult drain(@PathVariable String id, @RequestBody DrainRequest request) {
        WorkerId worker = WorkerIds.parse(id);
        if (request.draining() == null) {
            throw new ApiRequestException("draining", "is required (true or false)");
        }
        boolean move = Boolean.TRUE.equals(request.moveRooms());
        if (move && !request.draining()) {
            throw new ApiRequestException("moveRooms", "only applies when draining");
        }
        MediaWorker drained = workers.drain(worker, request.draining());
        int moved = move ? relocations.migrate(worker) : 0;
        return new DrainResult(view(drained), moved);
    }

    private WorkerView view(MediaWorker worker) {
        String breaker = breakers.find(worker.id().value())
                .map(found -> found.getState().name()).orElse(null);
        return WorkerView.of(worker, breaker);
    }
}
