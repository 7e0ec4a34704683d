package dev.conclave.signaling.room;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param createOnFirstUse       create an {@code OPEN} room the first time someone asks for a guest token to it (the
 *                               zero-set-up default; turn off where rooms are created through the API only)
 * @param defaultMaxParticipants the size of rooms created that way
 */
@Validated
@ConfigurationProperties("conclave.signaling.rooms")
public record RoomProperties(boolean createOnFirstUse, @Min(1) @Max(100_000) int defaultMaxParticipants) {
}
