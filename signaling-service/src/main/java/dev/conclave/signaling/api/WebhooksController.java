package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiRequests.RegisterWebhook;
import dev.conclave.signaling.api.ApiViews.DeliveryView;
import dev.conclave.signaling.api.ApiViews.WebhookView;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.webhook.WebhookDelivery;
import dev.conclave.signaling.webhook.WebhookEndpoints;
import dev.conclave.signaling.webhook.WebhookEventType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A client's webhook endpoints, and every delivery and attempt made to them. Clients see only their own. */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks")
class WebhooksController {

    private final WebhookEndpoints endpoints;

    WebhooksController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping
    @Operation(summary = "Register a webhook endpoint",
            description = "Events are POSTed as JSON, signed the Standard Webhooks way (webhook-id, webhook-timestamp, "
                    + "webhook-signature: v1,base64(HMAC-SHA256(secret, id.timestamp.body))). The secret is shown here "
                    + "only. Delivery is at least once, retried with exponential back-off, in order per room.")
    @ApiResponse(responseCode = "201", description = "the endpoint, with its signing secret (shown only here)")
    ResponseEntity<WebhookView> register(@Valid @RequestBody RegisterWebhook request, @AuthenticationPrincipal Jwt client) {
        Set<WebhookEventType> events = request.events().stream()
                .map(name -> WebhookEventType.fromWireName(name).orElseThrow()).collect(Collectors.toSet());
        WebhookEndpoints.Registered registered = endpoints.register(client.getSubject(), request.url(), events);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + registered.endpoint().id()))
                .body(WebhookView.of(registered.endpoint(), registered.secret()));
    }

    @GetMapping
    @Operation(summary = "List your webhook endpoints")
    List<WebhookView> list(@AuthenticationPrincipal Jwt client) {
        return endpoints.list(client.getSubject()).stream().map(endpoint -> WebhookView.of(endpoint, null)).toList();
    }

    @GetMapping("/{webhookId}")
    @Operation(summary = "Get one of your webhook endpoints")
    @Problems(ErrorCode.WEBHOOK_NOT_FOUND)
    WebhookView get(@PathVariable String webhookId, @AuthenticationPrincipal Jwt client) {
        return WebhookView.of(endpoints.get(client.getSubject(), webhookId), null);
    }

    @DeleteMapping("/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a webhook endpoint; its pending deliveries are marked FAILED")
    @Problems(ErrorCode.WEBHOOK_NOT_FOUND)
    void delete(@PathVariable String webhookId, @AuthenticationPrincipal Jwt client) {
        endpoints.delete(client.getSubject(), webhookId);
    }

    @GetMapping("/{webhookId}/deliveries")
    @Operation(summary = "The endpoint's latest deliveries, newest first, each with all its attempts")
    @Problems(ErrorCode.WEBHOOK_NOT_FOUND)
    List<DeliveryView> deliveries(@PathVariable String webhookId,
                                  @RequestParam(required = false) WebhookDelivery.Status status,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                  @AuthenticationPrincipal Jwt client) {
        return endpoints.deliveries(client.getSubject(), webhookId, status, limit).stream().map(DeliveryView::of).toList();
    }
}
