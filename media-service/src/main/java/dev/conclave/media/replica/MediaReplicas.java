package dev.conclave.media.replica;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The media-service replicas sharing the rooms, as PostgreSQL knows them ({@code media_replica}): this one registers
 * and heartbeats on the database's clock; a replica is alive while its last heartbeat is younger than the lease.
 */
public class MediaReplicas {

    private static final Logger log = LoggerFactory.getLogger(MediaReplicas.class);

    /** A live replica and where its gRPC server is reached. */
    public record Replica(String id, String address) {
    }

    private final JdbcTemplate jdbc;
    private final ReplicaProperties properties;
    private volatile String address;
    /** When a heartbeat last failed (System.nanoTime), or 0 if none has. */
    private volatile long lastFailure;
    private volatile boolean healthy;

    public MediaReplicas(JdbcTemplate jdbc, ReplicaProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.address = properties.advertisedAddress();
    }

    public String self() {
        return properties.id();
    }

    public ReplicaProperties properties() {
        return properties;
    }

    /**
     * The gRPC server listens on {@code bind}:{@code port}: that is where the others reach this replica, unless an
     * address is advertised. Bound to every interface, it is reached at this host's address.
     */
    public void listeningOn(String bind, int port) {
        if (properties.advertisedAddress().isEmpty()) {
            address = (bind.equals("0.0.0.0") || bind.equals("::") ? hostAddress() : bind) + ":" + port;
        }
        heartbeat();
    }

    /** Registers this replica (again, after a restart with the same id). */
    public void register() {
        jdbc.update("INSERT INTO media_replica (replica_id, address, started_at, heartbeat_at)"
                + " VALUES (?, ?, now(), now()) ON CONFLICT (replica_id) DO UPDATE SET address = EXCLUDED.address,"
                + " started_at = now(), heartbeat_at = now()", self(), address);
        healthy = true;
        log.info("media-service replica {} registered (gRPC at {})", self(), address.isEmpty() ? "(not yet)" : address);
    }

    /** Tells the others this replica is alive; false (logged) when the database did not take it. */
    public boolean heartbeat() {
        try {
            int updated = jdbc.update("UPDATE media_replica SET heartbeat_at = now(), address = ? WHERE replica_id = ?",
                    address, self());
            if (updated == 0) {
                register();
            }
            if (!healthy) {
                log.info("replica {}: heartbeats reach the database again", self());
            }
            healthy = true;
            return true;
        } catch (RuntimeException e) {
            if (healthy) {
                log.warn("replica {}: heartbeat failed ({}); its rooms stay its own for {} at most", self(),
                        e.getMessage(), properties.lease());
            }
            healthy = false;
            lastFailure = System.nanoTime();
            return false;
        }
    }

    /**
     * Whether this replica's heartbeats have reached the database for at least a lease: only then does it judge the
     * others dead. Right after the database comes back, every replica looks dead until it has beaten again.
     */
    public boolean steady() {
        return healthy && (lastFailure == 0 || System.nanoTime() - lastFailure > properties.lease().toNanos());
    }

    /** The replicas alive now (this one included once it has registered), ordered by id. */
    public List<Replica> live() {
        return jdbc.query("SELECT replica_id, address FROM media_replica WHERE heartbeat_at > now() - ? * interval"
                        + " '1 millisecond' ORDER BY replica_id",
                (row, n) -> new Replica(row.getString("replica_id"), row.getString("address")),
                properties.lease().toMillis());
    }

    /**
     * Leaves at shutdown: its heartbeat is set in the past so that the others take its rooms over at once rather
     * than after the lease.
     */
    public void leave() {
        try {
            jdbc.update("UPDATE media_replica SET heartbeat_at = '-infinity' WHERE replica_id = ?", self());
            log.info("replica {} left; the others take its rooms over", self());
        } catch (RuntimeException e) {
            log.warn("replica {}: could not say it leaves ({}); its rooms move once its lease runs out", self(),
                    e.getMessage());
        }
    }

    private static String hostAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }
}
