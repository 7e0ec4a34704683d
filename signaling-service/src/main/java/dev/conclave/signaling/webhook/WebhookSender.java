package dev.conclave.signaling.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** One HTTP attempt: a signed POST, no redirects followed, bounded in time. */
@Component
class WebhookSender {

    private final HttpClient http;
    private final Duration timeout;

    WebhookSender(WebhookProperties properties) {
        this.timeout = properties.requestTimeout();
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    Outcome send(URI url, String secret, String eventId, long timestampSeconds, String body) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Conclave-Webhooks/1")
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSignature.sign(secret, eventId, timestampSeconds, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status, elapsed(started));
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timed out after " + timeout.toMillis() + " ms", elapsed(started));
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", elapsed(started));
        }
    }

    private static int elapsed(long started) {
        return (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** @param statusCode {@code null} when no response came; @param error {@code null} on success */
    record Outcome(Integer statusCode, String error, int durationMs) {
        boolean delivered() {
            return error == null;
        }
    }
}
