package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.WebhookReceiver;
import dev.conclave.testing.WebhookReceiver.Received;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The room-management API through the gateway with real tokens from auth-service: the README's walk-through step by
 * step, then every endpoint once, with the scope checks.
 */
@DisplayName("the room-management API through the gateway")
class RoomManagementIT {

    private ApiClient api;
    private final List<RpcTestClient> sockets = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void backend() {
        api = Clients.backend();
    }

    @AfterEach
    void close() throws Exception {
        sockets.forEach(RpcTestClient::close);
        for (AutoCloseable resource : cleanup) {
            resource.close();
        }
    }

    @Test
    @DisplayName("the README walk-through: token, webhook, TOKEN room, join token, join with it, webhooks received")
    void walkThrough() {
        WebhookReceiver receiver = new WebhookReceiver(0);
        cleanup.add(receiver);
        JsonNode webhook = api.post("/api/v1/webhooks", """
                {"url": "%s", "events": ["room.created", "participant.joined", "participant.left", "room.closed"]}"""
                .formatted(receiver.url())).expect(201);
        cleanup.add(() -> api.delete("/api/v1/webhooks/" + webhook.get("id").asString()));

        String room = "board-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = api.post("/api/v1/rooms", """
                {"name": "%s", "access": "TOKEN", "maxParticipants": 8, "metadata": {"agenda": "Q4 numbers"}}"""
                .formatted(room)).expect(201);
        assertThat(created.get("access").asString()).isEqualTo("TOKEN");

        JsonNode invitation = api.post("/api/v1/rooms/" + room + "/join-tokens", """
                {"identity": "grace", "displayName": "Grace Hopper", "metadata": {"title": "Rear Admiral"}}""").expect(201);
        assertThat(invitation.get("joinUrl").asString())
                .startsWith("http://localhost:" + RunningPlatform.get().port(Service.GATEWAY) + "/?room=" + room + "#token=");

        RpcTestClient grace = connect();
        JsonNode joined = grace.join(room, invitation.get("token").asString());
        assertThat(joined.get("metadata").get("agenda").asString()).isEqualTo("Q4 numbers");
        assertThat(joined.get("participant").get("metadata").get("title").asString()).isEqualTo("Rear Admiral");

        List<Received> events = await(() -> receiver.accepted().stream().filter(event -> room.equals(event.roomId())).toList(), 2);
        assertThat(events).extracting(Received::type).startsWith("room.created", "participant.joined");
        assertThat(events).allMatch(event -> event.signedWith(webhook.get("secret").asString()));

        String webhookPath = "/api/v1/webhooks/" + webhook.get("id").asString();
        assertThat(api.get("/api/v1/webhooks").expect(200).findValuesAsString("id")).contains(webhook.get("id").asString());
        assertThat(api.get(webhookPath).expect(200).has("secret")).isFalse();
        JsonNode deliveries = api.get(webhookPath + "/deliveries?status=DELIVERED").expect(200);
        assertThat(deliveries.findValuesAsString("roomId")).contains(room);
        assertThat(deliveries.get(0).get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(204);
    }

    @Test
    @DisplayName("every endpoint once, in the order a meeting goes")
    void everyEndpoint() {
        String room = api.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
        assertThat(api.get("/api/v1/rooms?state=ACTIVE&size=100").expect(200).get("items").findValuesAsString("id")).contains(room);
        api.patch("/api/v1/rooms/" + room, "{\"metadata\": {\"topic\": \"retro\"}}").expect(200);
        assertThat(api.get("/api/v1/rooms/" + room).expect(200).get("metadata").get("topic").asString()).isEqualTo("retro");

        RpcTestClient ada = connect();
        String adaId = ada.join(room, mint(room, "ada", "Ada")).get("participant").get("id").asString();
        RpcTestClient bob = connect();
        String bobId = bob.join(room, mint(room, "bob", "Bob")).get("participant").get("id").asString();

        JsonNode participants = api.get("/api/v1/rooms/" + room + "/participants").expect(200);
        assertThat(participants.findValuesAsString("id")).containsExactly(adaId, bobId);

        api.post("/api/v1/rooms/" + room + "/participants/" + bobId + "/mute", "{\"kind\": \"audio\", \"muted\": true}").expect(200);
        assertThat(bob.awaitNotification("muted").get("byServer").asBoolean()).isTrue();

        api.post("/api/v1/rooms/" + room + "/messages", "{\"text\": \"Five minutes left\"}").expect(201);
        assertThat(ada.awaitNotification("message").get("system").asBoolean()).isTrue();

        api.delete("/api/v1/rooms/" + room + "/participants/" + bobId).expect(204);
        assertThat(bob.awaitCloseCode()).isEqualTo(4411);

        api.post("/api/v1/rooms/" + room + "/close", "").expect(200);
        assertThat(ada.awaitCloseCode()).isEqualTo(4410);

        JsonNode history = api.get("/api/v1/rooms/" + room + "/sessions").expect(200);
        assertThat(history.get("items").findValuesAsString("leaveReason")).containsExactlyInAnyOrder("removed", "room_closed");
        assertThat(history.get("items").findValuesAsString("remoteAddress")).containsOnly("127.0.0.1");
    }

    @Test
    @DisplayName("errors and scopes come back as problem documents through the gateway")
    void errorsAndScopes() {
        api.get("/api/v1/rooms/no-such-room").problem(404, "room-not-found");
        api.post("/api/v1/rooms", "{\"maxParticipants\": 100001}").invalidField("maxParticipants");
        api.post("/api/v1/webhooks", "{\"url\": \"ftp://example.org\", \"events\": [\"room.created\"]}").invalidField("url");
        String gatewayUrl = Clients.gatewayBase() + "/api/v1/rooms";
        api.post("/api/v1/webhooks", "{\"url\": \"" + gatewayUrl + "\", \"events\": [\"room.created\"]}").invalidField("url");

        api.as(null).get("/api/v1/rooms").problem(401, "unauthenticated");
        ApiClient reader = api.as(Clients.accessToken(RunningPlatform.READER_CLIENT_ID, RunningPlatform.READER_CLIENT_SECRET,
                "rooms:read"));
        reader.get("/api/v1/rooms").expect(200);
        reader.post("/api/v1/rooms", "{}").problem(403, "insufficient-scope");
        reader.get("/api/v1/webhooks").problem(403, "insufficient-scope");
    }

    @Test
    @DisplayName("serves the OpenAPI description and its browser through the gateway")
    void openApi() {
        JsonNode description = api.as(null).get("/api/openapi.json").expect(200);
        assertThat(description.get("openapi").asString()).startsWith("3.");
        JsonNode paths = description.get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/rooms", "/api/v1/rooms/{roomId}",
                "/api/v1/rooms/{roomId}/join-tokens", "/api/v1/webhooks/{webhookId}/deliveries");
        JsonNode create = paths.get("/api/v1/rooms").get("post").get("responses");
        assertThat(create.propertyNames()).contains("201", "400", "401", "403", "409", "422");
        HttpResponse<String> browser = followingRedirects("/api/docs");
        assertThat(browser.statusCode()).isEqualTo(200);
        assertThat(browser.body()).containsIgnoringCase("swagger");
    }

    private static HttpResponse<String> followingRedirects(String path) {
        try {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(Clients.gatewayBase() + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String mint(String room, String identity, String name) {
        return api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"" + identity + "\", \"displayName\": \"" + name + "\"}").expect(201).get("token").asString();
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(RunningPlatform.get().port(Service.GATEWAY));
        sockets.add(client);
        return client;
    }

    private static <T> List<T> await(Supplier<List<T>> supplier, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<T> items = supplier.get();
        while (items.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            items = supplier.get();
        }
        assertThat(items).hasSizeGreaterThanOrEqualTo(count);
        return items;
    }
}
