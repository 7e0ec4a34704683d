package dev.conclave.signaling.media;

import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The topology of each room with SFU traffic on this node; a room's topology never changes, so it is read once. */
@Component
class RoomTopologies {

    private final RoomCatalog rooms;
    private final Map<RoomId, Topology> known = new ConcurrentHashMap<>();

    RoomTopologies(RoomCatalog rooms) {
        this.rooms = rooms;
    }

    Topology of(RoomId room) {
        return known.computeIfAbsent(room, id -> rooms.require(id).topology());
    }

    void forget(RoomId room) {
        known.remove(room);
    }
}
