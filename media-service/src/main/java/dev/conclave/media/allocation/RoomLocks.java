package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.RoomId;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A room's media changes one at a time, rooms in parallel: 1,024 striped locks, so nothing is kept per room and
 * nothing must be forgotten. One lock is held at a time, so stripes shared by two rooms cannot deadlock.
 */
final class RoomLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[1024];

    RoomLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    <T> T withLock(RoomId room, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(room.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
