package dev.conclave.media.replica;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * This media-service replica among the others sharing the rooms.
 *
 * @param id                unique among the replicas; empty picks a new one at each start. A replica started
 *                          again with the same id (a StatefulSet pod, the local run) takes its rooms back at once;
 *                          with a new id, once their lease ran out
 * @param advertisedAddress {@code host:port} of its gRPC server as the other replicas and signaling reach it;
 *                          empty: this host's address and the gRPC port
 * @param heartbeatInterval how often it tells the others it is alive
 * @param lease             how long its rooms stay its own after its last heartbeat; then another replica takes
 *                          them over
 */
@Validated
@ConfigurationProperties("conclave.media.replica")
public record ReplicaProperties(@Pattern(regexp = "^$|^[A-Za-z0-9_.-]{1,64}$") String id,
                                @Pattern(regexp = "^$|^[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}$") String advertisedAddress,
                                @NotNull Duration heartbeatInterval, @NotNull Duration lease) {

    public ReplicaProperties {
        id = id == null || id.isBlank() ? "media-" + UUID.randomUUID().toString().substring(0, 8) : id;
        advertisedAddress = advertisedAddress == null ? "" : advertisedAddress;
        if (heartbeatInterval != null && lease != null
                && lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("conclave.media.replica.lease (" + lease + ") must be at least twice"
                    + " heartbeat-interval (" + heartbeatInterval + ")");
        }
    }
}
