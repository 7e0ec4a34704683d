package dev.conclave.e2e;

import static dev.conclave.testing.faults.Percentiles.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import tools.jackson.databind.JsonNode;

/**
 * The processes around signaling killed (SIGKILL) under a live call, as processes on loopback: what the people in the
 * call see, how long until the platform is whole again, and what was lost. The times are printed as {@code [fault]}
 * lines (README "Reliability and security").
 */
@DisplayName("auth-service and the gateway killed under a call")
class ServiceFaultsIT {

    private static final int RUNS = 3;
    private static final Map<String, List<Long>> TIMES = new TreeMap<>();
    private static LocalPlatform platform;
    private final List<RpcTestClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        platform = DedicatedPlatform.start("faults", options -> options.withProperties(Service.SIGNALING, Map.of(
                "conclave.signaling.membership.resume-grace", "PT20S")));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        TIMES.forEach((what, times) -> System.out.printf("[fault] %s: p50 %d ms, max %d ms over %d runs%n", what,
                percentile(times, 50), percentile(times, 100), times.size()));
    }

    private static void measured(String what, long nanos) {
        TIMES.computeIfAbsent(what, ignored -> new ArrayList<>()).add(nanos / 1_000_000);
    }


    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @RepeatedTest(RUNS)
    @DisplayName("auth-service killed: the call and its chat go on, tokens already issued still join, new ones are "
            + "refused as retryable (503) until it is back")
    void authServiceKilled() throws Exception {
        ApiClient api = backend();
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        String open = api.post("/api/v1/rooms", "{\"access\": \"OPEN\"}").expect(201).get("id").asString();
        assertThat(guestToken(open).statusCode()).isEqualTo(201);
        RpcTestClient ada = connect();
        ada.join(room, mint(api, room, "ada"));
        RpcTestClient bob = connect();
        bob.join(room, mint(api, room, "bob"));
        String cyToken = mint(api, room, "cy");

        platform.kill(Service.AUTH);
        long killed = System.nanoTime();
        ada.result("sendMessage", Map.of("text", "auth is down"));
        assertThat(bob.awaitNotification("message").get("text").asString()).isEqualTo("auth is down");
        // Verifying a join token needs only the keys signaling already fetched.
        connect().join(room, cyToken);
        JsonNode refused = api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"dee\", \"displayName\": \"Dee\"}").problem(503, "unavailable");
        assertThat(refused.get("code").asInt()).isEqualTo(-32000);
        assertThat(guestToken(open).statusCode()).as("a guest token while auth-service is away").isEqualTo(503);

        platform.startAgain(Service.AUTH);
        long restarted = System.nanoTime();
        long deadline = restarted + Duration.ofSeconds(30).toNanos();
        while (guestToken(open).statusCode() != 201) {
            assertThat(System.nanoTime()).as("guest tokens again within 30 s of the restart").isLessThan(deadline);
            Thread.sleep(200);
        }
        long back = System.nanoTime();
        measured("auth-service killed: guest tokens again after it was ready", back - restarted);
        measured("auth-service killed: started again (a restart)", restarted - killed);
        System.out.printf("[fault] auth-service killed: call and chat went on; started again after %d ms, guest "
                        + "tokens again %d ms after it was ready%n", (restarted - killed) / 1_000_000,
                (back - restarted) / 1_000_000);
        assertThat(platform.allAlive()).isTrue();
    }

    @RepeatedTest(RUNS)
    @DisplayName("the gateway killed: its clients are held for resume, and all resume as themselves once it is back")
    void gatewayKilled() throws Exception {
        ApiClient api = backend();
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        RpcTestClient ada = connect();
        JsonNode adaJoined = ada.join(room, mint(api, room, "ada"));
        RpcTestClient bob = connect();
        JsonNode bobJoined = bob.join(room, mint(api, room, "bob"));

        platform.kill(Service.GATEWAY);
        long killed = System.nanoTime();
        assertThat(ada.awaitCloseCode()).as("the connection is lost, not closed by anyone").isEqualTo(1006);
        platform.startAgain(Service.GATEWAY);
        long ready = System.nanoTime();
        RpcTestClient adaBack = resume(room, adaJoined.get("resumeToken").asString());
        RpcTestClient bobBack = resume(room, bobJoined.get("resumeToken").asString());
        long resumed = System.nanoTime();
        adaBack.result("sendMessage", Map.of("text", "we are back"));
        assertThat(bobBack.awaitNotification("message").get("text").asString()).isEqualTo("we are back");
        bobBack.assertNoNotification("participantLeft", Duration.ofMillis(300));
        JsonNode participants = backend().get("/api/v1/rooms/" + room + "/participants").expect(200);
        assertThat(participants.findValuesAsString("id")).containsExactlyInAnyOrder(
                adaJoined.get("participant").get("id").asString(), bobJoined.get("participant").get("id").asString());
        measured("gateway killed: both participants resumed after it was ready", resumed - ready);
        measured("gateway killed: ready again (a restart)", ready - killed);
        System.out.printf("[fault] gateway killed: ready again %d ms later (a restart); both participants resumed "
                + "%d ms after that, none left the room%n", (ready - killed) / 1_000_000, (resumed - ready) / 1_000_000);
    }

    private RpcTestClient resume(String room, String resumeToken) {
        RpcTestClient client = connect();
        client.result("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken));
        return client;
    }

    private HttpResponse<String> guestToken(String room) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port(Service.GATEWAY)
                        + "/api/v1/rooms/" + room + "/guest-tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"Guest\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ApiClient backend() {
        return ApiClient.authorized("http://127.0.0.1:" + platform.port(Service.GATEWAY),
                LocalPlatform.LOCAL_BACKEND_CLIENT_ID, platform.localBackendSecret(), "rooms:read rooms:write");
    }

    private static String mint(ApiClient api, String room, String identity) {
        return api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"" + identity + "\", \"displayName\": \"" + identity + "\"}").expect(201)
                .get("token").asString();
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(platform.port(Service.GATEWAY));
        clients.add(client);
        return client;
    }
}
