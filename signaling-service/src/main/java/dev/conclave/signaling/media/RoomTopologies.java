package dev.conclave.signaling.media;

import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How media flows in each room with SFU traffic on this node ({@code MESH} or {@code SFU}). A room made {@code SFU}
 * stays SFU, so that answer is kept; an {@code AUTO} room moves either way as it grows and shrinks, so it is read
 * again each time.
 */
@Component
class RoomTopologies {

    private final RoomCatalog rooms;
    private final Set<RoomId> sfu = ConcurrentHashMap.newKeySet();

    RoomTopologies(RoomCatalog rooms) {
        this.rooms = rooms;
    }

    Topology of(RoomId room) {
        if (sfu.contains(room)) {
            return Topology.SFU;
        }
        Room found = rooms.require(room);
        if (found.topology() == Topology.SFU) {
            sfu.add(room);
        }
        return found.mediaTopology();
    }

    /** The configured topology ({@code AUTO} included). */
    Topology configured(RoomId room) {
        return sfu.contains(room) ? Topology.SFU : rooms.require(room).topology();
    }

    void forget(RoomId room) {
        sfu.remove(room);
    }
}
