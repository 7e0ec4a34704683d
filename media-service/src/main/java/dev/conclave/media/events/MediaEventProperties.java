package dev.conclave.media.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How many recent media events are kept for a signaling node whose event stream broke, to send it what it missed
 * when it reopens the stream.
 *
 * @param replayEvents at most this many events are kept
 * @param replayWindow and none older than this
 */
@Validated
@ConfigurationProperties("conclave.media.events")
public record MediaEventProperties(@Min(1) int replayEvents, @NotNull Duration replayWindow) {

    /** What application.yml ships: for hubs made outside Spring (tests). */
    public static final MediaEventProperties DEFAULTS = new MediaEventProperties(10_000, Duration.ofMinutes(2));
}
