package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conclave.signaling.support.RestEdge;
import dev.conclave.signaling.support.RestEdge.Endpoint;
import dev.conclave.signaling.support.SignedJoinTokenMinter;
import dev.conclave.signaling.support.TestTokenIssuer;
import dev.conclave.signaling.token.JoinTokenMinter;
import dev.conclave.signaling.webhook.DocumentationHostResolver;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.UsesPostgres;
import dev.conclave.web.RequestBodyLimit;
import jakarta.servlet.Filter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * signaling-service's REST edge under a fuzzer (Jazzer): the real application (its controllers, strict JSON reading,
 * Bean Validation, the problem mapping, the security filter chain with real access tokens, a real PostgreSQL), driven
 * through MockMvc for throughput. Whatever arrives — any body at any endpoint of {@link RestEdge}, any text in a path
 * segment, query parameter or header — the answer is never a 5xx nor an escaped exception, every 4xx is a catalogue
 * problem ({@code urn:conclave:problem:…}, numeric {@code code}, a few KiB at most), every 2xx reads back as it was
 * answered, no input takes 5 s, and a participant in another room stays connected throughout. Run as a plain test each
 * method replays its corpus ({@code src/test/resources/dev/conclave/signaling/RestFuzzTestInputs/}); the build fuzzes
 * each for a bounded time in its own JVM (signaling-service/pom.xml). Minting goes to a fake at our own port
 * ({@link SignedJoinTokenMinter}); webhook hosts resolve to a documentation address, and no delivery is attempted.
 */
@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "conclave.signaling.node-id=fuzz-node",
        "conclave.signaling.join-tokens.issuer=" + TestTokenIssuer.ISSUER,
        "spring.security.oauth2.client.registration.auth-service.client-secret=test-client-secret",
        // the participants here never ping; and no webhook is delivered (its receivers do not exist)
        "conclave.signaling.rpc.ping-interval=PT1H",
        "conclave.signaling.webhooks.poll-interval=PT1H",
        "logging.level.dev.conclave=WARN",
        "logging.level.dev.conclave.signaling.api.ApiProblems=ERROR",
})
class RestFuzzTest {

    private static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long HANG_NANOS = 5_000_000_000L;
    private static final Map<String, AtomicLong> OUTCOMES = new TreeMap<>();
    private static final AtomicLong INPUTS = new AtomicLong();
    private static long startedNanos;
    /** Replaying the corpus (not fuzzing): each input's answer is printed. */
    private static final boolean REPLAYING = System.getenv("JAZZER_FUZZ") == null;

    static {
        // PostgreSQL, the JWKS server and our own WebSocket are on loopback; anything else is a finding.
        BugDetectors.allowNetworkConnections((host, port) ->
                host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1"));
    }

    @DynamicPropertySource
    static void tokenIssuer(DynamicPropertyRegistry registry) {
        registry.add("conclave.signaling.join-tokens.auth-uri", TOKENS::baseUri);
        registry.add("conclave.signaling.join-tokens.jwks-uri", TOKENS::jwksUri);
    }

    @TestConfiguration
    static class Fakes {

        @Bean
        @Primary
        JoinTokenMinter signedJoinTokens() {
            return new SignedJoinTokenMinter(TOKENS);
        }

        @Bean
        @Primary
        DocumentationHostResolver documentationAddresses() {
            return new DocumentationHostResolver();
        }
    }

    private static MockMvc mvc;
    private static String bearer;
    private static String room;
    private static RpcTestClient member;
    private static String participant;
    private static RpcTestClient bystander;

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    @BeforeEach
    void edge() {
        if (mvc == null) {
            mvc = MockMvcBuilders.webAppContextSetup(context)
                    .addFilters(context.getBean(RequestBodyLimit.class),
                            context.getBean("springSecurityFilterChain", Filter.class))
                    .build();
            bearer = TOKENS.accessToken("fuzzer", "rooms:read", "rooms:write", "webhooks:manage");
            String elsewhere = createRoom();
            bystander = RpcTestClient.connect(port);
            bystander.join(elsewhere, TOKENS.token(elsewhere, "bystander", "Bystander"));
            startedNanos = System.nanoTime();
        }
        if (member == null || member.isClosed()) {
            // A new room each time: the fuzzer may have blocked this address or identity in the last one.
            room = createRoom();
            member = RpcTestClient.connect(port);
            String identity = "member-" + UUID.randomUUID().toString().substring(0, 8);
            participant = member.join(room, TOKENS.token(room, identity, "Member")).get("participant").get("id")
                    .asString();
        }
    }

    @AfterAll
    static void figures() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf("[fuzz] RestFuzzTest: %,d inputs in %.1f s; outcomes %s%n", INPUTS.get(), seconds, OUTCOMES);
        if (member != null) {
            member.close();
        }
        if (bystander != null) {
            bystander.close();
        }
        mvc = null;
        member = null;
    }

    /** Any body at any endpoint that takes one. */
    @FuzzTest(maxDuration = "30s")
    void anyBody(FuzzedDataProvider data) {
        Endpoint endpoint = RestEdge.WITH_BODIES.get(data.consumeInt(0, RestEdge.WITH_BODIES.size() - 1));
        String body = data.consumeRemainingAsString();
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders
                .request(HttpMethod.valueOf(endpoint.method()), URI.create(endpoint.path(room, participant)))
                .contentType("application/json").content(body.getBytes(StandardCharsets.UTF_8));
        answer(endpoint.name(), request, (answer, status) -> BodyReadBack.check(this, endpoint, body, answer));
    }

    /** Free text where an endpoint takes it outside the body: path segments, query parameters, a header. */
    @FuzzTest(maxDuration = "20s")
    void anyParameter(FuzzedDataProvider data) {
        int target = data.consumeInt(0, 9);
        String text = data.consumeRemainingAsString();
        String segment = UriUtils.encodePathSegment(text, StandardCharsets.UTF_8);
        MockHttpServletRequestBuilder request = switch (target) {
            case 0 -> get("/api/v1/rooms/" + segment);
            case 1 -> get("/api/v1/rooms").queryParam("state", text);
            case 2 -> get("/api/v1/rooms").queryParam("page", text).queryParam("size", text);
            case 3 -> get("/api/v1/rooms/" + room + "/sessions").queryParam("page", text).queryParam("size", text);
            case 4 -> get("/api/v1/webhooks/" + segment + "/deliveries").queryParam("status", text)
                    .queryParam("limit", text);
            case 5 -> call(HttpMethod.DELETE, "/api/v1/rooms/" + room + "/blocks/" + segment);
            case 6 -> call(HttpMethod.DELETE, "/api/v1/rooms/" + room + "/participants/" + segment);
            case 7 -> call(HttpMethod.POST, "/api/v1/rooms/" + segment + "/guest-tokens").contentType("application/json")
                    .content("{\"displayName\":\"Ada\"}");
            case 8 -> call(HttpMethod.POST, "/api/v1/rooms").contentType("application/json").content("{}")
                    .header("Idempotency-Key", headerText(text));
            default -> get("/api/v1/webhooks/" + segment);
        };
        answer("parameter " + target, request, (answer, status) -> { });
    }

    private MockHttpServletRequestBuilder get(String path) {
        return call(HttpMethod.GET, path);
    }

    private static MockHttpServletRequestBuilder call(HttpMethod method, String path) {
        return MockMvcRequestBuilders.request(method, URI.create(path));
    }

    /** What an HTTP/1.1 header can carry (Tomcat refuses control characters and reads bytes as ISO-8859-1). */
    private static String headerText(String text) {
        StringBuilder carried = new StringBuilder();
        text.chars().filter(c -> (c >= 0x20 && c != 0x7f && c <= 0xff) || c == '\t').forEach(c -> carried.append((char) c));
        return carried.toString().strip();
    }

    /** Sends one input and holds its answer to the edge's promises; {@code success} checks a 2xx further. */
    private void answer(String what, MockHttpServletRequestBuilder request, BiConsumer<JsonNode, Integer> success) {
        INPUTS.incrementAndGet();
        long started = System.nanoTime();
        MockHttpServletResponse response;
        try {
            response = mvc.perform(request.header("Authorization", "Bearer " + bearer)).andReturn().getResponse();
        } catch (Exception escaped) {
            throw new AssertionError(what + ": an exception escaped the problem mapping", escaped);
        }
        assertThat(System.nanoTime() - started).as("%s: answered within 5 s", what).isLessThan(HANG_NANOS);
        int status = response.getStatus();
        String body = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
        JsonNode answer = body.isEmpty() ? null : JSON.readTree(body);
        String type = answer == null ? "" : answer.path("type").asString("");
        OUTCOMES.computeIfAbsent(what + " " + status, key -> new AtomicLong()).incrementAndGet();
        if (REPLAYING) {
            System.out.printf("[fuzz] %s %s -> %d %s%n", what, request.buildRequest(context.getServletContext())
                    .getRequestURI(), status, body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
        assertThat(bystander.isClosed()).as("a participant elsewhere stays connected").isFalse();
        if (status == 503 && type.equals("urn:conclave:problem:sfu-unavailable")) {
            return; // an SFU room on a platform without a media tier: the answer the API promises
        }
        assertThat(status).as("%s: no 5xx: %s", what, body).isLessThan(500);
        if (status >= 400) {
            assertThat(response.getContentType()).as("%s: %d %s", what, status, body)
                    .startsWith("application/problem+json");
            assertThat(type).as("%s: %s", what, body).startsWith("urn:conclave:problem:");
            assertThat(answer.path("code").isInt()).as("%s: a numeric code: %s", what, body).isTrue();
            assertThat(body.length()).as("%s: a problem of a few KiB at most", what).isLessThan(8192);
        } else {
            success.accept(answer, status);
        }
    }

    /** A GET through the same edge, which must succeed: the read-back of a 2xx. */
    JsonNode read(String path) {
        try {
            MockHttpServletResponse response = mvc.perform(call(HttpMethod.GET, path)
                    .header("Authorization", "Bearer " + bearer)).andReturn().getResponse();
            String body = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
            assertThat(response.getStatus()).as("GET %s: %s", path, body).isEqualTo(200);
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    String room() {
        return room;
    }

    String participant() {
        return participant;
    }

    static JsonNode tokenClaims(String token) {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private String createRoom() {
        try {
            MockHttpServletResponse response = mvc.perform(call(HttpMethod.POST, "/api/v1/rooms")
                    .header("Authorization", "Bearer " + bearer).contentType("application/json")
                    .content("{\"access\":\"OPEN\"}")).andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(201);
            return JSON.readTree(response.getContentAsString()).get("id").asString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
