package dev.conclave.signaling.media;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where media-service is, for SFU rooms.
 *
 * @param target          {@code host:port} of media-service's gRPC server, or several comma-separated (its
 *                        replicas, when no DNS name lists them all); empty: no media tier, SFU rooms are unavailable
 *                        (mesh rooms work as ever)
 * @param callTimeout     the longest a call to media-service may take
 * @param streamRetry     the wait before opening the media event stream again after it broke
 * @param autoSfuAbove    an {@code AUTO} room moves to SFU when it has more visible members than this
 * @param autoMeshAtOrBelow an {@code AUTO} room in SFU moves back to a mesh once it has this many visible members or
 *                        fewer (0: never); below {@code autoSfuAbove}, so a room between the two stays as it is
 * @param autoMeshAfter   how long such a room must stay that small before it moves (a leave and a rejoin do not
 *                        make it flap)
 */
@Validated
@ConfigurationProperties("conclave.signaling.media")
public record MediaProperties(@Pattern(regexp = "^$|^[A-Za-z0-9.-]+:\\d{1,5}(,[A-Za-z0-9.-]+:\\d{1,5})*$") String target,
                              @NotNull Duration callTimeout, @NotNull Duration streamRetry,
                              @Min(1) int autoSfuAbove, @Min(0) int autoMeshAtOrBelow,
                              @NotNull Duration autoMeshAfter) {

    public MediaProperties {
        target = target == null ? "" : target;
        if (autoMeshAtOrBelow >= autoSfuAbove) {
            throw new IllegalArgumentException("conclave.signaling.media.auto-mesh-at-or-below (" + autoMeshAtOrBelow
                    + ") must be below auto-sfu-above (" + autoSfuAbove + "): a room of a size in both would flap");
        }
    }

    public boolean configured() {
        return !target.isEmpty();
    }
}
