package dev.conclave.media.worker;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** A worker as the registry knows it: where it is, how it answered last, what we placed on it. */
public final class MediaWorker {

    private final WorkerId id;
    private final URI url;
    private final AtomicInteger rooms = new AtomicInteger();
    private final AtomicInteger endpoints = new AtomicInteger();
    private volatile WorkerState state = WorkerState.UNKNOWN;
    private volatile boolean draining;
    private volatile WorkerStatus lastStatus;
    private volatile Instant lastProbe;
    private volatile int missedProbes;
    private volatile GuardedMediaWorkerClient client;

    MediaWorker(WorkerId id, URI url) {
        this.id = id;
        this.url = url;
    }

    public WorkerId id() {
        return id;
    }

    public URI url() {
        return url;
    }

    public WorkerState state() {
        return state;
    }

    public boolean draining() {
        return draining;
    }

    /** Whether new rooms may go here. */
    public boolean acceptsRooms() {
        return state == WorkerState.UP && !draining;
    }

    public WorkerStatus lastStatus() {
        return lastStatus;
    }

    public Instant lastProbe() {
        return lastProbe;
    }

    public int rooms() {
        return rooms.get();
    }

    public int endpoints() {
        return endpoints.get();
    }

    /** Rooms placed here change by {@code delta} (the allocations keep the count). */
    public void roomsChanged(int delta) {
        rooms.addAndGet(delta);
    }

    public void endpointsChanged(int delta) {
        endpoints.addAndGet(delta);
    }

    void resetLoad() {
        rooms.set(0);
        endpoints.set(0);
    }

    void draining(boolean draining) {
        this.draining = draining;
    }

    GuardedMediaWorkerClient client() {
        return client;
    }

    void client(GuardedMediaWorkerClient client) {
        this.client = client;
    }

    void probed(WorkerStatus status, Instant at) {
        lastStatus = status;
        lastProbe = at;
        missedProbes = 0;
        state = WorkerState.UP;
    }

    /** Counts a missed probe; true when this one makes the worker lost. */
    boolean missedProbe(int allowed, Instant at) {
        lastProbe = at;
        missedProbes++;
        if (missedProbes >= allowed && state != WorkerState.DOWN) {
            state = WorkerState.DOWN;
            return true;
        }
        return false;
    }

    int missedProbes() {
        return missedProbes;
    }
}
