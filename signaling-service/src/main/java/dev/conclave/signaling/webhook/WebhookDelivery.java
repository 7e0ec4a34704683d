package dev.conclave.signaling.webhook;

import java.time.Instant;
import java.util.List;

/** One event on its way to one endpoint, with every attempt made so far. */
public record WebhookDelivery(long id, String eventId, WebhookEventType type, String roomId, Status status,
                              int attempts, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                              List<Attempt> attemptLog) {

    public enum Status { PENDING, DELIVERED, FAILED }

    /** @param statusCode the receiver's HTTP status, or {@code null} when no response came */
    public record Attempt(Instant attemptedAt, Integer statusCode, String error, int durationMs) {
    }
}
