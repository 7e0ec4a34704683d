package dev.conclave.signaling.media;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.TopologyChanged;
import dev.conclave.signaling.event.RoomEventWatcher;
import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.Topology;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Moves an {@code AUTO} room from mesh to SFU once it has more than {@code auto-sfu-above} visible members — when a
 * media tier exists; without one it stays a mesh. The move is decided once, in the database, whichever node sees the
 * join first; the room then hears {@link TopologyChanged} and its participants renegotiate, nobody leaving.
 */
@Component
class AutoTopology implements RoomEventWatcher {

    static final String ROOM_GREW = "ROOM_GREW";
    private static final Logger log = LoggerFactory.getLogger(AutoTopology.class);

    private final ObjectProvider<MediaAllocationClient> media;
    private final RoomTopologies topologies;
    private final RoomCatalog rooms;
    private final RoomRoster roster;
    /** Lazily: the bus delivers to the watchers, this among them. */
    private final ObjectProvider<RoomBus> bus;
    private final MediaProperties properties;
    private final ExecutorService checks =
            Executors.newSingleThreadExecutor(new CustomizableThreadFactory("auto-topology-"));

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
        if (event instanceof RoomEvent.ParticipantJoined && media.getIfAvailable() != null) {
            checks.execute(() -> check(event));
        }
    }

    private void check(RoomEvent joined) {
        try {
            if (topologies.of(joined.roomId()) != Topology.MESH
                    || topologies.configured(joined.roomId()) != Topology.AUTO) {
                return;
            }
            int members = roster.visibleMembers(joined.roomId()).size();
            if (members > properties.autoSfuAbove() && rooms.moveToSfu(joined.roomId())) {
                log.info("room {}: {} members, more than {}: moving from mesh to SFU", joined.roomId(), members,
                        properties.autoSfuAbove());
                bus.getObject().publish(new TopologyChanged(joined.roomId(), Topology.SFU, ROOM_GREW));
            }
        } catch (RuntimeException e) {
            log.warn("room {}: could not check whether it should move to SFU: {}", joined.roomId(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        checks.shutdown();
    }
}
