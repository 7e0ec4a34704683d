package dev.conclave.signaling.room;

/**
 * A client's {@code Idempotency-Key} with a digest of the request it came with: the same key with the same request
 * gets the first answer again; with another request it is refused.
 */
public record IdempotencyKey(String clientId, String key, String requestHash) {
}
