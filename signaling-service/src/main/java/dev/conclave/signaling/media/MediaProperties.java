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
 * @param target          {@code host:port} of media-service's gRPC server; empty: no media tier, SFU rooms are
 *                        unavailable (mesh rooms work as ever)
 * @param callTimeout     the longest a call to media-service may take
 * @param streamRetry     the wait before opening the media event stream again after it broke
 * @param autoSfuAbove    an {@code AUTO} room moves to SFU when it has more visible members than this
 */
@Validated
@ConfigurationProperties("conclave.signaling.media")
public record MediaProperties(@Pattern(regexp = "^$|^[A-Za-z0-9.-]+:\\d{1,5}$") String target,
                              @NotNull Duration callTimeout, @NotNull Duration streamRetry,
                              @Min(1) int autoSfuAbove) {

    public MediaProperties {
        target = target == null ? "" : target;
    }

    public boolean configured() {
        return !target.isEmpty();
    }
}
