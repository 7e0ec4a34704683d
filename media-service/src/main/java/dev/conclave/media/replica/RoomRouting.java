package dev.conclave.media.replica;

import dev.conclave.media.allocation.MediaAllocations;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.replica.RoomOwnership.Owner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Where a room's call is served, whichever replica signaling's channel reached: here when this replica owns the
 * room (claiming it if it is free or its owner died, and then loading its media as the former owner left it: the
 * pipeline and endpoints on the worker, listened to again, with no renegotiation), or at the owner. One room is
 * looked up at a time on this replica, so a room is claimed and loaded once.
 */
public class RoomRouting {

    private final RoomOwnership ownership;
    private final MediaAllocations allocations;
    private final RoomRelocations relocations;
    private final Counter takeovers;
    private final ReentrantLock[] stripes = new ReentrantLock[256];

    public RoomRouting(RoomOwnership ownership, MediaAllocations allocations, RoomRelocations relocations,
                       MeterRegistry meters) {
        this.ownership = ownership;
        this.allocations = allocations;
        this.relocations = relocations;
        this.takeovers = meters.counter("conclave.media.room.takeovers");
        meters.gauge("conclave.media.replica.rooms", ownership, RoomOwnership::heldCount);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * The room's owner for a call about it; {@code claimIfFree} for calls that give a room media (allocating,
     * publishing), not for those that only read or release it.
     */
    public Owner route(RoomId room, boolean claimIfFree) {
        if (ownership.holds(room)) {
            return ownership.resolve(room, claimIfFree);
        }
        return locked(room, () -> {
            Owner owner = ownership.resolve(room, claimIfFree);
            if (owner instanceof Owner.Here here && here.takenOver()) {
                takeovers.increment();
                relocations.takeOver(room);
            }
            return owner;
        });
    }

    /** Another replica owns the room now: this one forgets it, leaving its media on the worker to the new owner. */
    public void lost(RoomId room) {
        ownership.lost(room);
        allocations.forget(room);
    }

    /** The room's media is released: it has no owner until it gets media again. */
    public void released(RoomId room) {
        locked(room, () -> {
            if (!allocations.holds(room)) {
                ownership.released(room);
            }
            return null;
        });
    }

    private <T> T locked(RoomId room, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(room.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
