package dev.conclave.signaling.rpc;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, handled in the order they came. Most run at once on the thread that read them; one that
 * may wait on another tier (a join, which asks media-service for an SFU room's publishers) runs on a pool instead,
 * and the requests the connection sends meanwhile wait behind it and then run on that pool thread, in order. So no
 * web-server thread waits on another tier, and a client that does not wait for its join's answer before its next
 * request still has them handled in its order. The web server hands one socket's frames over one at a time.
 */
final class RequestLane {

    private static final Logger log = LoggerFactory.getLogger(RequestLane.class);

    private final int maxWaiting;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** A request of this lane is on the pool, or the pool is working through those that waited behind it. */
    private boolean aside;

    /** @param maxWaiting how many requests may wait behind one on the pool */
    RequestLane(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /** What became of a request offered to the lane. */
    enum Outcome {
        /** It ran, or will run in its turn. */
        TAKEN,
        /** Too many requests of this connection wait already: it will not run. */
        FULL,
        /** It must run on the pool, which is full: it will not run. */
        POOL_FULL
    }

    /**
     * Runs the request here and now when nothing of the lane is on the pool and it need not go there; sends it to
     * {@code pool} when it must ({@code aside}); otherwise queues it behind what is there.
     */
    Outcome offer(Runnable request, boolean mustRunAside, Executor pool) {
        synchronized (this) {
            if (aside) {
                if (waiting.size() >= maxWaiting) {
                    return Outcome.FULL;
                }
                waiting.add(request);
                return Outcome.TAKEN;
            }
            aside = mustRunAside;
        }
        if (!mustRunAside) {
            request.run();
            return Outcome.TAKEN;
        }
        try {
            pool.execute(() -> runThenWorkThrough(request));
            return Outcome.TAKEN;
        } catch (RuntimeException rejected) {
            // Nothing can have queued meanwhile: only the thread reading this socket offers, and it is this one.
            synchronized (this) {
                aside = false;
            }
            return Outcome.POOL_FULL;
        }
    }

    /** How many requests wait behind the one on the pool. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void runThenWorkThrough(Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("A request failed outside its own error handling", e);
            }
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    aside = false;
                }
            }
        }
    }
}
