package dev.conclave.media.replica;

import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.replica.MediaReplicas.Replica;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in the group, once per {@code heartbeat-interval}: it says it is alive, forgets the rooms
 * another replica took over meanwhile, and takes over its share of the rooms whose owner died. Each dead replica's
 * rooms are shared out by rendezvous hashing over the live replicas, so they spread and no two replicas race for
 * the same room (a room one replica misses is claimed by whichever replica its next call reaches).
 */
public class ReplicaHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(ReplicaHeartbeat.class);

    private final MediaReplicas replicas;
    private final RoomOwnership ownership;
    private final RoomRouting routing;

    public ReplicaHeartbeat(MediaReplicas replicas, RoomOwnership ownership, RoomRouting routing) {
        this.replicas = replicas;
        this.ownership = ownership;
        this.routing = routing;
    }

    /**
     * At start-up, before any call is served: registers, then takes back every room no live replica owns (its own
     * from before a restart, a dead replica's), so a lone media-service restarted finds its rooms as before.
     */
    public void join() {
        replicas.register();
        List<RoomId> orphaned = ownership.orphaned();
        orphaned.forEach(this::takeOver);
        if (!orphaned.isEmpty()) {
            log.info("replica {} took {} rooms no live replica owned", replicas.self(), orphaned.size());
        }
    }

    public void beat() {
        if (!replicas.heartbeat()) {
            return;
        }
        try {
            ownership.reconcile().forEach(routing::lost);
            if (!replicas.steady()) {
                return;
            }
            List<Replica> live = replicas.live();
            for (RoomId room : ownership.orphaned()) {
                if (winner(room, live).map(Replica::id).filter(replicas.self()::equals).isPresent()) {
                    takeOver(room);
                }
            }
        } catch (RuntimeException e) {
            log.warn("replica {}: could not check the rooms' owners: {}", replicas.self(), e.getMessage());
        }
    }

    /** Leaves the group at shutdown, so the others take this replica's rooms over at once. */
    public void leave() {
        replicas.leave();
    }

    private void takeOver(RoomId room) {
        try {
            routing.route(room, true);
        } catch (RuntimeException e) {
            log.warn("room {}: could not take it over yet: {}", room, e.getMessage());
        }
    }

    /** The live replica with the highest hash of (room, replica): the same answer on every replica. */
    static Optional<Replica> winner(RoomId room, List<Replica> live) {
        return live.stream().max(Comparator.comparingLong((Replica replica) -> hash(room.value() + "/" + replica.id()))
                .thenComparing(Replica::id));
    }

    private static long hash(String value) {
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
