package dev.conclave.deploy;

import static dev.conclave.testing.ConferencePages.awaitRemoteVideoPlaying;
import static dev.conclave.testing.ConferencePages.participantId;
import static dev.conclave.testing.ConferencePages.recordConnectionStates;
import static dev.conclave.testing.ConferencePages.say;
import static dev.conclave.testing.ConferencePages.script;
import static dev.conclave.testing.ConferencePages.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.ConferencePages;
import dev.conclave.testing.HeadlessChromium;
import dev.conclave.testing.RpcTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The repo's docker-compose.yml, up on this machine from the images the build made: what an operator gets from
 * README "Deploy" — the API walk-through, a call between two browsers through the gateway, a signaling container
 * killed under a call, and {@code down -v} leaving nothing behind.
 */
@DisplayName("the docker-compose stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    private static ComposeStack stack;

    /** A failed test prints the containers' last log lines: what the services said is what explains it. */
    @RegisterExtension
    static final TestWatcher CONTAINER_LOGS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (stack != null) {
                System.out.println("compose: " + context.getDisplayName() + " failed; the containers' logs:\n"
                        + stack.logs());
            }
        }
    };

    @BeforeAll
    static void up() throws IOException {
        stack = ComposeStack.up();
    }

    @AfterAll
    static void down() {
        if (stack == null) {
            return;
        }
        stack.close();
        assertThat(stack.leftovers()).as("containers, volumes and networks left after down -v").isEmpty();
    }

    @Test
    @Order(1)
    @DisplayName("publishes only the gateway and TURN on the host, on 127.0.0.1 by default")
    void publishesOnlyTheGatewayAndTurn() {
        for (String service : ComposeStack.SERVICES) {
            String ports = Podman.podman("port", stack.container(service));
            java.util.List<String> published = ports.lines().filter(line -> line.contains("->")).toList();
            switch (service) {
                case "gateway" -> assertThat(published).containsExactly("8080/tcp -> 127.0.0.1:" + stack.httpPort());
                case "coturn" -> assertThat(published).isNotEmpty()
                        .allSatisfy(line -> assertThat(line).contains("-> 127.0.0.1:"))
                        .anySatisfy(line -> assertThat(line).startsWith("3478/udp"));
                default -> assertThat(published).as(service + " publishes nothing").isEmpty();
            }
        }
    }

    @Test
    @Order(2)
    @DisplayName("README's API walk-through works through the gateway with the generated backend secret")
    void apiWalkThrough() {
        ApiClient api = ApiClient.authorized(stack.gateway(), "backend", stack.env("BACKEND_CLIENT_SECRET"),
                "rooms:read rooms:write webhooks:manage");
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        JsonNode invitation = api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"grace\", \"displayName\": \"Grace\"}").expect(201);
        assertThat(invitation.get("joinUrl").asString()).startsWith(stack.gateway() + "/?room=" + room + "#token=");
        assertThat(api.get("/api/v1/rooms/" + room).expect(200).get("access").asString()).isEqualTo("TOKEN");
        // ... and join with it over the WebSocket, as the walk-through's next step does: the stack's first join.
        long started = System.nanoTime();
        try (RpcTestClient grace = RpcTestClient.connect(stack.httpPort())) {
            JsonNode joined = grace.join(room, invitation.get("token").asString());
            assertThat(joined.get("participant").get("name").asString()).isEqualTo("Grace");
        }
        System.out.printf("compose: the stack's first join through the gateway took %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    @Order(3)
    @DisplayName("keeps the actuator off the public port: Prometheus answers only on the gateway's management port")
    void actuatorOffThePublicPort() throws Exception {
        HttpResponse<String> prometheus = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.gateway() + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.statusCode()).isEqualTo(404);
        String inside = Podman.podman("exec", stack.container("gateway"), "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/9080; printf 'GET /actuator/prometheus HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3");
        assertThat(inside).matches("(?s)HTTP/1\\.[01] 200.*").contains("jvm_memory_used_bytes");
    }

    @Test
    @Order(4)
    @DisplayName("holds a mesh call between two browsers through the gateway; a signaling container killed under it, "
            + "the page resumes on the other node as the same participant and the call goes on")
    void browserCallSurvivesASignalingContainer() {
        HeadlessChromium.requireInstalled();
        ApiClient api = ApiClient.authorized(stack.gateway(), "backend", stack.env("BACKEND_CLIENT_SECRET"),
                "rooms:read rooms:write");
        String room = "compose-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConferencePages pages = new ConferencePages()) {
            ChromeDriver ada = pages.join(stack.gateway() + "/?room=" + room, "Ada");
            ChromeDriver bob = pages.join(stack.gateway() + "/?room=" + room, "Bob");
            String adaId = participantId(ada);
            String bobId = participantId(bob);
            awaitRemoteVideoPlaying(ada, bobId);
            awaitRemoteVideoPlaying(bob, adaId);
            say(ada, "Hello from compose");
            assertThat(waitUpTo(bob, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".chat-message[data-from='" + adaId + "'] .chat-text"))).getText())
                    .isEqualTo("Hello from compose");

            String adaNode = nodeOf(api, room, adaId);
            assertThat(adaNode).isIn("signaling-1", "signaling-2");
            recordConnectionStates(ada);
            long killedAt = System.nanoTime();
            Podman.podman("kill", stack.container(adaNode));

            waitUpTo(ada, Duration.ofSeconds(30)).withMessage("the page back on the other node").until(driver ->
                    !adaNode.equals(nodeOf(api, room, adaId)) && "connected".equals(
                            driver.findElement(By.id("connection-state")).getAttribute("data-state")));
            System.out.printf("compose: page resumed on the other node %d ms after its container was killed%n",
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
            assertThat(script(ada, "return window.__states")).asList().contains("reconnecting");
            assertThat(participantId(ada)).isEqualTo(adaId);
            say(ada, "Still here");
            waitUpTo(bob, Duration.ofSeconds(10)).withMessage("the chat after the resume").until(driver ->
                    driver.findElements(By.cssSelector(".chat-message[data-from='" + adaId + "'] .chat-text")).stream()
                            .anyMatch(message -> message.getText().equals("Still here")));
            awaitRemoteVideoPlaying(bob, adaId);
        }
    }

    @Test
    @Order(5)
    @DisplayName("restarts a service whose process died (restart: unless-stopped) and serves through it again")
    void killedServiceComesBack() {
        String gateway = stack.container("gateway");
        String startedBefore = startedAt(gateway);
        long killedAt = System.nanoTime();
        // the JVM is ended from inside (SIGTERM to pid 1): a process that exits, not an operator's stop, which
        // unless-stopped leaves stopped
        Podman.podman("exec", gateway, "bash", "-c", "kill -TERM 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> !startedBefore.equals(startedAt(gateway)));
        ApiClient reader = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> ApiClient.authorized(stack.gateway(), "backend",
                        stack.env("BACKEND_CLIENT_SECRET"), "rooms:read"), client -> true);
        reader.get("/api/v1/rooms").expect(200);
        System.out.printf("compose: the killed gateway was restarted and answering again after %d ms%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        stack.awaitHealthy("gateway", Duration.ofSeconds(30));
    }

    private static String startedAt(String container) {
        return Podman.podman("inspect", container, "--format", "{{.State.StartedAt}}").lines()
                .filter(line -> !line.startsWith("time=")).findFirst().orElse("");
    }

    private static String nodeOf(ApiClient api, String room, String participantId) {
        for (JsonNode participant : api.get("/api/v1/rooms/" + room + "/participants").expect(200)) {
            if (participant.get("id").asString().equals(participantId)) {
                return participant.get("node").asString();
            }
        }
        return null;
    }
}
