package dev.conclave.media.api;

import dev.conclave.media.allocation.AllocationStore;
import dev.conclave.media.placement.WorkerLoad;
import dev.conclave.media.replica.SharedDrains;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import java.util.Map;
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
    private final SharedDrains drains;
    private final AllocationStore store;
    private final CircuitBreakerRegistry breakers;

    WorkersController(MediaWorkers workers, SharedDrains drains, AllocationStore store,
                      CircuitBreakerRegistry breakers) {
        this.workers = workers;
        this.drains = drains;
        this.store = store;
        this.breakers = breakers;
    }

    @GetMapping
    List<WorkerView> list() {
        Map<WorkerId, WorkerLoad> loads = store.loads();
        return workers.all().stream().map(worker -> view(worker, loads)).toList();
    }

    @GetMapping("/{id}")
    WorkerView get(@PathVariable String id) {
        return view(workers.get(WorkerIds.parse(id)), store.loads());
    }

    /**
     * Sets whether the worker drains, on every replica (the others follow at their next probe); {@code moveRooms}
     * also moves its rooms away: this replica's now, the others' at their next probe.
     */
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
        int moved = drains.drain(worker, request.draining(), move);
        return new DrainResult(view(workers.get(worker), store.loads()), moved);
    }

    private WorkerView view(MediaWorker worker, Map<WorkerId, WorkerLoad> loads) {
        String breaker = breakers.find(worker.id().value())
                .map(found -> found.getState().name()).orElse(null);
        return WorkerView.of(worker, breaker, loads.getOrDefault(worker.id(), WorkerLoad.NONE));
    }
}
