package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.WebhookReceiver;
import dev.conclave.testing.WebhookReceiver.Received;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@DisplayName("webhooks to a real HTTP receiver (back-off shortened to 0.1-0.4 s)")
class WebhooksIT extends SignalingIT {

    private static final String ALL_EVENTS = "[\"room.created\", \"room.closed\", \"participant.joined\", \"participant.left\"]";

    private ApiClient hooks;
    private ApiClient rooms;
    private final List<String> registered = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @BeforeEach
    void clients() {
        String base = "http://127.0.0.1:" + port;
        hooks = new ApiClient(base, TOKENS.accessToken("crm", "webhooks:manage"));
        rooms = new ApiClient(base, TOKENS.accessToken("crm", "rooms:read", "rooms:write"));
    }

    @AfterEach
    void unregister() {
        registered.forEach(id -> hooks.delete("/api/v1/webhooks/" + id));
        receivers.forEach(WebhookReceiver::close);
    }

    private JsonNode register(WebhookReceiver receiver, String events) {
        JsonNode endpoint = hooks.post("/api/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"events\": " + events + "}")
                .expect(201);
        registered.add(endpoint.get("id").asString());
        return endpoint;
    }

    private WebhookReceiver receiver(int failFirst) {
        WebhookReceiver receiver = new WebhookReceiver(failFirst);
        receivers.add(receiver);
        return receiver;
    }

    @Nested
    @DisplayName("registering endpoints")
    class Registering {

        @Test
        @DisplayName("returns the signing secret once, then lists the endpoint without it; other clients cannot see it")
        void register() {
            JsonNode endpoint = WebhooksIT.this.register(receiver(0), "[\"room.created\"]");
            assertThat(endpoint.get("id").asString()).startsWith("wh_");
            assertThat(endpoint.get("secret").asString()).startsWith("whsec_");
            assertThat(endpoint.get("events").get(0).asString()).isEqualTo("room.created");

            JsonNode listed = hooks.get("/api/v1/webhooks").expect(200);
            assertThat(listed.findValuesAsString("id")).contains(endpoint.get("id").asString());
            assertThat(listed.toString()).doesNotContain("whsec_");

            ApiClient other = hooks.as(TOKENS.accessToken("someone-else", "webhooks:manage"));
            other.get("/api/v1/webhooks/" + endpoint.get("id").asString()).problem(404, "webhook-not-found");
            other.delete("/api/v1/webhooks/" + endpoint.get("id").asString()).problem(404, "webhook-not-found");
        }

        @Test
        @DisplayName("refuses URLs that are not http(s), carry credentials, or point at the platform itself in any "
                + "spelling, although loopback receivers are allowed here")
        void badUrls() {
            for (String url : List.of("ftp://example.org/hooks", "javascript:alert(1)", "http://user:pw@example.org/",
                    "http://127.0.0.1:" + port + "/api/v1/rooms", "http://localhost:" + port + "/x", "not a url",
                    "http:///nohost", "http://127.0.0.2:" + port + "/x", "http://[::1]:" + port + "/x",
                    "http://[::ffff:127.0.0.1]:" + port + "/x", "http://0.0.0.0:" + port + "/x",
                    "http://localhost.:" + port + "/x", "http://2130706433:" + port + "/x",
                    "http://127.0.0.3:9000/oauth2/token", "http://[::ffff:127.0.0.1]:8080/api/v1/rooms")) {
                hooks.post("/api/v1/webhooks", "{\"url\": \"" + url + "\", \"events\": [\"room.created\"]}")
                        .invalidField("url");
            }
        }

        @Test
        @DisplayName("refuses unknown or missing events")
        void badEvents() {
            hooks.post("/api/v1/webhooks", "{\"url\": \"http://example.org/h\", \"events\": [\"room.exploded\"]}")
                    .problem(400, "invalid-params");
            hooks.post("/api/v1/webhooks", "{\"url\": \"http://example.org/h\", \"events\": []}").invalidField("events");
            hooks.post("/api/v1/webhooks", "{\"url\": \"http://example.org/h\"}").invalidField("events");
        }
    }

    @Nested
    @DisplayName("delivery")
    class Delivery {

        @Test
        @DisplayName("signs every event the Standard Webhooks way and reports room and participant changes in order")
        void signedAndOrdered() {
            WebhookReceiver receiver = receiver(0);
            String secret = WebhooksIT.this.register(receiver, ALL_EVENTS).get("secret").asString();

            String room = rooms.post("/api/v1/rooms", "{\"access\": \"OPEN\", \"metadata\": {\"crm\": 42}}")
                    .expect(201).get("id").asString();
            Joined ada = joinAs(room, "Ada");
            ada.client().result("leaveRoom", null);
            rooms.post("/api/v1/rooms/" + room + "/close", "").expect(200);

            List<Received> events = await(() -> forRoom(receiver.accepted(), room), 4);
            assertThat(events).extracting(Received::type)
                    .containsExactly("room.created", "participant.joined", "participant.left", "room.closed");
            assertThat(events).allMatch(event -> event.signedWith(secret), "signature verifies");
            assertThat(events).extracting(Received::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("evt_"));
            assertThat(events.get(0).json().get("data").get("metadata").get("crm").asInt()).isEqualTo(42);
            JsonNode left = events.get(2).json().get("data");
            assertThat(left.get("participant").get("id").asString()).isEqualTo(ada.participantId());
            assertThat(left.get("reason").asString()).isEqualTo("left");
            assertThat(left.has("durationSeconds")).isTrue();
            assertThat(events.get(3).json().get("data").get("reason").asString()).isEqualTo("closed_by_api");
        }

        @Test
        @DisplayName("retries a failing receiver with back-off: every event arrives, once per success, in order per room")
        void retriesInOrder() {
            WebhookReceiver receiver = receiver(5);
            String endpoint = WebhooksIT.this.register(receiver, ALL_EVENTS).get("id").asString();

            String first = rooms.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
            String second = rooms.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
            for (String room : List.of(first, second)) {
                Joined member = joinAs(room, "Member");
                member.client().result("leaveRoom", null);
            }

            List<Received> accepted = await(() -> receiver.accepted().stream()
                    .filter(event -> List.of(first, second).contains(event.roomId())).toList(), 6);
            for (String room : List.of(first, second)) {
                assertThat(forRoom(accepted, room)).extracting(Received::type)
                        .containsExactly("room.created", "participant.joined", "participant.left");
            }
            assertThat(accepted).extracting(Received::id).doesNotHaveDuplicates();
            assertThat(receiver.all().stream().filter(event -> !event.accepted()).count()).isEqualTo(5);

            JsonNode deliveries = hooks.get("/api/v1/webhooks/" + endpoint + "/deliveries").expect(200);
            List<Integer> codes = new ArrayList<>();
            deliveries.forEach(delivery -> {
                assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
                delivery.get("attemptLog").forEach(attempt -> codes.add(attempt.get("statusCode").asInt()));
            });
            assertThat(codes).contains(500, 204);
            assertThat(codes.stream().filter(code -> code == 500).count()).isEqualTo(5);
        }

        @Test
        @DisplayName("records an unreachable receiver's attempts as pending with the error, and delivers once it is back")
        void receiverDown() throws Exception {
            WebhookReceiver probe = new WebhookReceiver(0);
            int port = probe.port();
            String url = probe.url();
            probe.close();
            String endpoint = hooks.post("/api/v1/webhooks", "{\"url\": \"" + url + "\", \"events\": [\"room.created\"]}")
                    .expect(201).get("id").asString();
            registered.add(endpoint);

            String room = rooms.post("/api/v1/rooms", "{}").expect(201).get("id").asString();
            JsonNode pending = await(() -> {
                JsonNode deliveries = hooks.get("/api/v1/webhooks/" + endpoint + "/deliveries?status=PENDING").expect(200);
                return deliveries.size() > 0 && deliveries.get(0).get("attempts").asInt() >= 2 ? List.of(deliveries) : List.of();
            }, 1).get(0);
            assertThat(pending.get(0).get("roomId").asString()).isEqualTo(room);
            assertThat(pending.get(0).get("attemptLog").get(0).get("error").asString()).isNotBlank();

            WebhookReceiver back = new WebhookReceiver(0, port);
            receivers.add(back);
            assertThat(await(() -> forRoom(back.accepted(), room), 1)).extracting(Received::type).containsExactly("room.created");
        }
    }

    @Nested
    @DisplayName("redirects")
    class Redirects {

        @Test
        @DisplayName("are not followed: a receiver answering 307 towards the platform gets a failed attempt, and the "
                + "redirect target is never called")
        void notFollowed() throws Exception {
            WebhookReceiver target = receiver(0);
            HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            redirecting.createContext("/hooks", exchange -> {
                exchange.getResponseHeaders().add("Location", target.url());
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
            });
            redirecting.start();
            try {
                String endpoint = hooks.post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:"
                        + redirecting.getAddress().getPort() + "/hooks\", \"events\": [\"room.created\"]}")
                        .expect(201).get("id").asString();
                registered.add(endpoint);
                rooms.post("/api/v1/rooms", "{}").expect(201);
                JsonNode attempt = await(() -> {
                    JsonNode deliveries = hooks.get("/api/v1/webhooks/" + endpoint + "/deliveries").expect(200);
                    return deliveries.size() > 0 && deliveries.get(0).get("attemptLog").size() > 0
                            ? List.of(deliveries.get(0).get("attemptLog").get(0)) : List.<JsonNode>of();
                }, 1).get(0);
                assertThat(attempt.get("statusCode").asInt()).isEqualTo(307);
                assertThat(attempt.get("error").asString()).isEqualTo("HTTP 307");
                assertThat(target.all()).isEmpty();
            } finally {
                redirecting.stop(0);
            }
        }
    }

    private static List<Received> forRoom(List<Received> events, String room) {
        return events.stream().filter(event -> room.equals(event.roomId())).collect(Collectors.toList());
    }

    /** Polls until the supplier yields at least {@code count} items (10 s at most). */
    private static <T> List<T> await(Supplier<List<T>> supplier, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
        assertThat(items).as("waited for %d", count).hasSizeGreaterThanOrEqualTo(count);
        return items;
    }
}
