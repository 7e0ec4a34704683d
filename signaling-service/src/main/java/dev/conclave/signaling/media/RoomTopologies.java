package dev.conclave.signaling.media;

import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How media flows in each room with SFU traffic on this node ({@code MESH} or {@code SFU}). A room that is SFU stays
 * SFU, so that answer is kept; a mesh room may be an {@code AUTO} room about to grow, so it is read again each time.
 */
@Component
class RoomTopologies {

    private final RoomCatalog rooms;
    private final Map<RoomId, Topology> sfu = new ConcurrentHashMap<>();

    RoomTopologies(RoomCatalog rooms) {
        this.rooms = rooms;
    }

    Topology of(RoomId room) {
        if (sfu.containsKey(room)) {
            return Topology.SFU;
        }
        Topology now = rooms.require(room).mediaTopology();
        if (now == Topology.SFU) {
            sfu.put(room, now);
        }
        return now;
    }

    /** The configured topology ({@code AUTO} included). */
    Topology configured(RoomId room) {
        return rooms.require(room).topology();
    }

    void forget(RoomId room) {
        sfu.remove(room);
    }
}
