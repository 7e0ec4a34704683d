package dev.conclave.signaling.media;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.TopologyChanged;
import dev.conclave.signaling.event.RoomEventWatcher;
import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Moves an {@code AUTO} room between mesh and SFU as it grows and shrinks — when a media tier exists; without one it
 * stays a mesh. It moves to SFU once it has more than {@code auto-sfu-above} visible members, and back to a mesh once
 * it has had {@code auto-mesh-at-or-below} or fewer for {@code auto-mesh-after}: two sizes apart and a wait, so a room
 * at either size, or one whose member leaves and comes back, does not flap. Each move is decided once, in the
 * database, whichever node saw the change first; the room then hears {@link TopologyChanged} and its participants
 * renegotiate, nobody leaving. A room back in mesh gives its pipeline up.
 */
@Component
class AutoTopology implements RoomEventWatcher {

    static final String ROOM_GREW = "ROOM_GREW";
    static final String ROOM_SHRANK = "ROOM_SHRANK";
    private static final Logger log = LoggerFactory.getLogger(AutoTopology.class);

    private final ObjectProvider<MediaAllocationClient> media;
    private final RoomTopologies topologies;
    private final RoomCatalog rooms;
    private final RoomRoster roster;
    /** Lazily: the bus delivers to the watchers, this among them. */
    private final ObjectProvider<RoomBus> bus;
    private final MediaProperties properties;
    /** One thread: a room's checks run in the order of its events. */
    private final ScheduledExecutorService checks =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("auto-topology-"));
    /** SFU rooms that became small, each with its one pending check (a later leave starts the wait again). */
    private final Map<RoomId, ScheduledFuture<?>> shrinking = new ConcurrentHashMap<>();

    AutoTopology(ObjectProvider<MediaAllocationClient> media, RoomTopologies topologies, RoomCatalog rooms,
                 RoomRoster roster, ObjectProvider<RoomBus> bus, MediaProperties properties) {
        this.media = media;
        this.topologies = topologies;
        this.rooms = rooms;
        this.roster = roster;
        this.bus = bus;
        this.properties = properties;
    }

    @Override
    public void watched(RoomEvent event) {
        if (media.getIfAvailable() == null) {
            return;
        }
        if (event instanceof RoomEvent.ParticipantJoined) {
            checks.execute(() -> guarded(event.roomId(), "move to SFU", () -> growIfLarge(event.roomId())));
        } else if (event instanceof RoomEvent.ParticipantLeft && properties.autoMeshAtOrBelow() > 0) {
            checks.execute(() -> guarded(event.roomId(), "move back to a mesh", () -> waitIfSmall(event.roomId())));
        } else if (event instanceof RoomEvent.RoomClosed) {
            cancelWait(event.roomId());
        }
    }

    private void growIfLarge(RoomId room) {
        if (!isAuto(room, Topology.MESH)) {
            return;
        }
        int members = roster.visibleMembers(room).size();
        if (members > properties.autoSfuAbove() && rooms.moveToSfu(room)) {
            log.info("room {}: {} members, more than {}: moving from mesh to SFU", room, members,
                    properties.autoSfuAbove());
            bus.getObject().publish(new TopologyChanged(room, Topology.SFU, ROOM_GREW));
        }
    }

    private void waitIfSmall(RoomId room) {
        if (isAuto(room, Topology.SFU) && roster.visibleMembers(room).size() <= properties.autoMeshAtOrBelow()) {
            ScheduledFuture<?> before = shrinking.put(room, checks.schedule(
                    () -> guarded(room, "move back to a mesh", () -> shrinkIfStillSmall(room)),
                    properties.autoMeshAfter().toMillis(), TimeUnit.MILLISECONDS));
            if (before != null) {
                before.cancel(false);
            }
        }
    }

    private void shrinkIfStillSmall(RoomId room) {
        shrinking.remove(room);
        if (!isAuto(room, Topology.SFU)) {
            return;
        }
        int members = roster.visibleMembers(room).size();
        if (members <= properties.autoMeshAtOrBelow() && rooms.moveToMesh(room)) {
            log.info("room {}: {} members for {}, at most {}: moving from SFU back to a mesh", room, members,
                    properties.autoMeshAfter(), properties.autoMeshAtOrBelow());
            bus.getObject().publish(new TopologyChanged(room, Topology.MESH, ROOM_SHRANK));
            releasePipeline(room);
        }
    }

    /** The room's media is peer to peer now: what it held on the media server goes (the pipeline, its endpoints). */
    private void releasePipeline(RoomId room) {
        try {
            media.getObject().releaseRoom(room);
        } catch (ConclaveException e) {
            log.warn("room {}: its pipeline was not released after the move to a mesh ({})", room, e.getMessage());
        }
    }

    private boolean isAuto(RoomId room, Topology now) {
        return topologies.configured(room) == Topology.AUTO && topologies.of(room) == now;
    }

    private void cancelWait(RoomId room) {
        ScheduledFuture<?> pending = shrinking.remove(room);
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private static void guarded(RoomId room, String what, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            log.warn("room {}: could not check whether it should {}: {}", room, what, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        checks.shutdownNow();
    }
}
