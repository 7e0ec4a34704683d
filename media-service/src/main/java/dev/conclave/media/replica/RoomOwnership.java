package dev.conclave.media.replica;

import dev.conclave.media.allocation.RoomFence;
import dev.conclave.media.allocation.RoomLostException;
import dev.conclave.media.endpoint.RoomId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which replica owns each SFU room ({@code media_room_owner}). A room is claimed by the replica that first serves
 * it, and taken over (its epoch one higher) by another once its owner's heartbeat is older than the lease. This
 * replica's rooms and their epochs are kept in memory, so a call for one of them needs no query; every write about
 * a room checks the epoch in the write's own transaction ({@link #hold}), so a replica that lost a room without
 * knowing it (paused, cut off from the database) changes nothing of it.
 *
 * <p>PostgreSQL rather than Redis: the rooms' media rows already live there, so the lease, the fencing check and
 * the write it guards commit together, and media-service needs no second store.
 */
public class RoomOwnership implements RoomFence {

    private static final Logger log = LoggerFactory.getLogger(RoomOwnership.class);

    /** Where a room's calls are served. */
    public sealed interface Owner {

        /** This replica owns the room; {@code takenOver}: just now, from a former owner whose media it must load. */
        record Here(long epoch, boolean takenOver) implements Owner {
        }

        /** A live replica owns it: the call goes there. */
        record Elsewhere(String replica, String address) implements Owner {
        }

        /** Nobody owns it (a room with no media yet) and the call does not make it one. */
        record Nobody() implements Owner {
        }
    }

    private final JdbcTemplate jdbc;
    private final MediaReplicas replicas;
    private final Map<RoomId, Long> held = new ConcurrentHashMap<>();

    public RoomOwnership(JdbcTemplate jdbc, MediaReplicas replicas) {
        this.jdbc = jdbc;
        this.replicas = replicas;
    }

    /**
     * Who serves the room: this replica if it owns it, or claims it now because it is free ({@code claimIfFree})
     * or its owner is dead; else the live replica that owns it.
     */
    public Owner resolve(RoomId room, boolean claimIfFree) {
        Long epoch = held.get(room);
        if (epoch != null) {
            return new Owner.Here(epoch, false);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Row> owner = ownerOf(room);
            if (owner.isPresent() && owner.get().live() && !owner.get().replica().equals(replicas.self())) {
                return new Owner.Elsewhere(owner.get().replica(), owner.get().address());
            }
            if (owner.isEmpty() && !claimIfFree) {
                return new Owner.Nobody();
            }
            Optional<Long> claimed = claim(room);
            if (claimed.isPresent()) {
                held.put(room, claimed.get());
                boolean takenOver = owner.isPresent();
                if (takenOver) {
                    log.info("room {}: taken over from replica {} (epoch {})", room, owner.get().replica(),
                            claimed.get());
                }
                return new Owner.Here(claimed.get(), takenOver);
            }
            // another replica claimed it in between: look again
        }
        throw new IllegalStateException("room " + room + " changed owners three times while being looked up");
    }

    @Override
    public void hold(RoomId room) {
        Long epoch = held.get(room);
        if (epoch == null) {
            throw new RoomLostException(room, "room " + room + " is not owned by replica " + replicas.self());
        }
        List<Long> still = jdbc.queryForList("SELECT epoch FROM media_room_owner WHERE room_id = ? AND replica_id = ?"
                + " AND epoch = ? FOR SHARE", Long.class, room.value(), replicas.self(), epoch);
        if (still.isEmpty()) {
            held.remove(room, epoch);
            throw new RoomLostException(room, "room " + room + " was taken over by another replica");
        }
    }

    /** The room's media is released: nobody owns it any more. */
    public void released(RoomId room) {
        Long epoch = held.remove(room);
        if (epoch != null) {
            jdbc.update("DELETE FROM media_room_owner WHERE room_id = ? AND replica_id = ? AND epoch = ?",
                    room.value(), replicas.self(), epoch);
        }
    }

    /** Forgets a room another replica owns now. */
    public void lost(RoomId room) {
        held.remove(room);
    }

    public boolean holds(RoomId room) {
        return held.containsKey(room);
    }

    public int heldCount() {
        return held.size();
    }

    /**
     * The rooms this replica holds that the database says it no longer owns (taken over while it was cut off):
     * they are forgotten here and returned, for their media to be forgotten too.
     */
    public Set<RoomId> reconcile() {
        if (held.isEmpty()) {
            return Set.of();
        }
        Map<RoomId, Long> owned = new HashMap<>();
        jdbc.query("SELECT room_id, epoch FROM media_room_owner WHERE replica_id = ?",
                row -> {
                    owned.put(new RoomId(row.getString("room_id")), row.getLong("epoch"));
                }, replicas.self());
        Set<RoomId> lost = held.entrySet().stream().filter(entry -> !entry.getValue().equals(owned.get(entry.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        lost.forEach(held::remove);
        return lost;
    }

    /**
     * Rooms with media or an owner that no live replica but this one owns, and that this replica does not hold: a
     * dead replica's rooms, this replica's own from before a restart, rooms saved before replicas existed.
     */
    public List<RoomId> orphaned() {
        long lease = replicas.properties().lease().toMillis();
        return jdbc.queryForList("SELECT room_id FROM (SELECT room_id FROM media_room UNION SELECT room_id FROM"
                        + " media_room_owner) rooms WHERE NOT EXISTS (SELECT 1 FROM media_room_owner o JOIN"
                        + " media_replica r ON r.replica_id = o.replica_id WHERE o.room_id = rooms.room_id AND"
                        + " o.replica_id <> ? AND r.heartbeat_at > now() - ? * interval '1 millisecond')",
                        String.class, replicas.self(), lease).stream()
                .map(RoomId::new).filter(room -> !held.containsKey(room)).toList();
    }

    private record Row(String replica, String address, boolean live) {
    }

    private Optional<Row> ownerOf(RoomId room) {
        return jdbc.query("SELECT o.replica_id, coalesce(r.address, '') AS address, coalesce(r.heartbeat_at > now()"
                        + " - ? * interval '1 millisecond', false) AS live FROM media_room_owner o LEFT JOIN"
                        + " media_replica r ON r.replica_id = o.replica_id WHERE o.room_id = ?",
                (row, n) -> new Row(row.getString("replica_id"), row.getString("address"), row.getBoolean("live")),
                replicas.properties().lease().toMillis(), room.value()).stream().findFirst();
    }

    /** Makes this replica the room's owner if nobody else alive is: its new epoch, or empty. */
    private Optional<Long> claim(RoomId room) {
        return jdbc.queryForList("INSERT INTO media_room_owner (room_id, replica_id, epoch, claimed_at)"
                        + " VALUES (?, ?, 1, now()) ON CONFLICT (room_id) DO UPDATE SET replica_id = EXCLUDED.replica_id,"
                        + " epoch = media_room_owner.epoch + 1, claimed_at = now()"
                        + " WHERE media_room_owner.replica_id = EXCLUDED.replica_id OR NOT EXISTS (SELECT 1 FROM"
                        + " media_replica r WHERE r.replica_id = media_room_owner.replica_id"
                        + " AND r.heartbeat_at > now() - ? * interval '1 millisecond') RETURNING epoch",
                Long.class, room.value(), replicas.self(), replicas.properties().lease().toMillis())
                .stream().findFirst();
    }
}
