package dev.conclave.signaling.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** A URL an API client asked to receive events at. */
public record WebhookEndpoint(String id, String clientId, URI url, List<WebhookEventType> events, Instant createdAt) {
}
