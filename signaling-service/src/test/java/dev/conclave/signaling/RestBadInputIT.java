package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.support.RestEdge;
import dev.conclave.signaling.support.RestEdge.Endpoint;
import dev.conclave.signaling.support.RestEdge.Field;
import dev.conclave.testing.BadInputProblems;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every REST endpoint that takes a body ({@link RestEdge}), over real HTTP, with every kind of bad payload: each is
 * refused with a 4xx {@code application/problem+json} of the catalogue (its {@code type} and numeric {@code code}),
 * naming the bad field where there is one, never a 5xx, and nothing is stored — the rooms, blocks, webhooks,
 * idempotency records, the room's metadata and its participant read the same before and after.
 */
@DisplayName("every REST endpoint with a body, given bad input")
class RestBadInputIT extends SignalingIT {

    static final int TWO_MIB = 2 * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // One room for the class (the application context is shared); a participant joins it for each test.
    private static String room;
    private String bearer;
    private String participant;
    private static int sent;

    @BeforeEach
    void someoneInTheRoom() {
        if (room == null) {
            room = openRoom();
        }
        bearer = TOKENS.accessToken("bad-input", "rooms:read", "rooms:write", "webhooks:manage");
        participant = joinAs(room, "Ada").participantId();
    }

    /** One bad request and the problem it must get. {@code field} null: the problem need name none. */
    record Case(String what, Endpoint endpoint, String contentType, String body, boolean chunked,
                int status, String type, int code, String field) {

        static Case invalid(Endpoint endpoint, String what, String body, String field) {
            return new Case(what, endpoint, "application/json", body, false, 400, "invalid-params", -32602, field);
        }

        @Override
        public String toString() {
            return endpoint.name() + ": " + what;
        }
    }

    static Stream<Case> bodies() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : RestEdge.WITH_BODIES) {
            String valid = endpoint.validBody();
            String first = endpoint.fields().get(0).name();
            cases.add(Case.invalid(endpoint, "malformed JSON", "{\"" + first + "\" 1}", null));
            cases.add(Case.invalid(endpoint, "JSON cut short", valid.substring(0, valid.length() / 2), null));
            cases.add(Case.invalid(endpoint, "trailing content after the object", valid + " {}", null));
            cases.add(Case.invalid(endpoint, "an array", "[" + valid + "]", null));
            cases.add(Case.invalid(endpoint, "a string", "\"" + first + "\"", null));
            cases.add(Case.invalid(endpoint, "a number", "42", null));
            cases.add(Case.invalid(endpoint, "null", "null", null));
            cases.add(Case.invalid(endpoint, "true", "true", null));
            cases.add(Case.invalid(endpoint, "an empty body", "", null));
            cases.add(Case.invalid(endpoint, "a field given twice", valid.replaceFirst("\\{", "{\"" + first + "\":"
                    + endpoint.fields().get(0).validJson() + ","), null));
            cases.add(Case.invalid(endpoint, "an unknown field", valid.replaceFirst("\\{", "{\"unexpected\":1,"),
                    "unexpected"));
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                cases.add(new Case("Content-Type " + type, endpoint, type, valid, false, 415, "unsupported-media-type",
                        -32600, null));
            }
            cases.add(new Case("no Content-Type", endpoint, null, valid, false, 415, "unsupported-media-type", -32600,
                    null));
            String huge = endpoint.with(first, "\"" + "x".repeat(TWO_MIB) + "\"");
            cases.add(new Case("a 2 MiB body", endpoint, "application/json", huge, false, 413, "content-too-large",
                    -32600, null));
            cases.add(new Case("a 2 MiB body, chunked (no Content-Length)", endpoint, "application/json", huge, true,
                    413, "content-too-large", -32600, null));
        }
        return cases.stream();
    }

    static Stream<Case> fields() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : RestEdge.WITH_BODIES) {
            for (Field field : endpoint.fields()) {
                String name = field.name();
                for (String wrong : wrongTypes(field)) {
                    cases.add(Case.invalid(endpoint, name + " as " + abbreviate(wrong), endpoint.with(name, wrong), name));
                }
                for (String bad : badText(field)) {
                    cases.add(Case.invalid(endpoint, name + " as " + abbreviate(bad), endpoint.with(name, bad), name));
                }
            }
        }
        return cases.stream();
    }

    private static List<String> wrongTypes(Field field) {
        return switch (field.kind()) {
            case TEXT -> List.of("7", "{\"a\":1}", "[\"x\"]", "true");
            case ENUM -> List.of("5", "[\"OPEN\"]", "\"NOT_ONE_OF_THEM\"");
            case INTEGER -> List.of("\"8\"", "8.5", "1e2", "true", "{}", "2147483648");
            case BOOLEAN -> List.of("\"true\"", "1", "[]");
            case TEXT_LIST -> List.of("\"publish\"", "{}", "[7]", "[null]");
            case OBJECT -> List.of("[1]", "\"x\"", "7");
        };
    }

    /** Oversized strings, unpaired surrogates, control characters. */
    private static List<String> badText(Field field) {
        String long10k = "x".repeat(10_000);
        return switch (field.kind()) {
            case TEXT, ENUM -> List.of("\"" + long10k + "\"", "\"a\\ud800b\"", "\"\\udc00\"", "\"a\\u0000b\"",
                    "\"a\\u0007b\"", "\"a\\u001bb\"");
            case TEXT_LIST -> List.of("[\"" + long10k + "\"]", "[\"\\ud800\"]", "[\"a\\u0000b\"]", "[\"a\\u0007b\"]");
            case OBJECT -> List.of("{\"blob\":\"" + "x".repeat(20_000) + "\"}", "{\"k\":\"\\ud800\"}",
                    "{\"\\ud800\":1}", "{\"k\":{\"deep\":[\"\\udc00\"]}}", "{\"k\":\"a\\u0000b\"}", "{\"a\\u0000b\":1}");
            case INTEGER, BOOLEAN -> List.of();
        };
    }

    private static String abbreviate(String json) {
        return json.length() > 40 ? json.substring(0, 20) + "…(" + json.length() + " characters)" : json;
    }

    @Nested
    @DisplayName("a body that is not what the endpoint reads")
    class Bodies {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.conclave.signaling.RestBadInputIT#bodies")
        @DisplayName("is refused with the catalogue's problem and stores nothing")
        void refused(Case bad) {
            refusedAndNothingStored(bad);
        }
    }

    @Nested
    @DisplayName("a field of the wrong type, too long, or holding text no wire can carry")
    class Fields {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.conclave.signaling.RestBadInputIT#fields")
        @DisplayName("is refused naming the field and stores nothing")
        void refused(Case bad) {
            refusedAndNothingStored(bad);
        }
    }

    private void refusedAndNothingStored(Case bad) {
        String before = stored();
        HttpResponse<String> response = send(bad);
        String described = bad + " -> " + response.statusCode() + " " + abbreviate(response.body());
        JsonNode problem = BadInputProblems.assertProblem(response, described, bad.status(),
                Set.of("urn:conclave:problem:" + bad.type()), bad.field());
        assertThat(problem.path("code").asInt()).as(described).isEqualTo(bad.code());
        assertThat(stored()).as("nothing stored by " + bad).isEqualTo(before);
    }

    private HttpResponse<String> send(Case bad) {
        // A room a wrongly accepted body creates must not turn the next case into a 409.
        String text = bad.body().replace("never-created-by-bad-input", "never-created-" + (++sent));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
        if (bad.chunked()) {
            body = HttpRequest.BodyPublishers.fromPublisher(body);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + bad.endpoint().path(room, participant)))
                .header("Authorization", "Bearer " + bearer)
                .method(bad.endpoint().method(), body);
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(bad + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a bad request could have changed, as one string to compare. */
    private String stored() {
        String tables = jdbc.queryForObject("SELECT concat_ws(',', (SELECT count(*) FROM room),"
                + " (SELECT count(*) FROM idempotent_request), (SELECT count(*) FROM room_block),"
                + " (SELECT count(*) FROM webhook_endpoint), (SELECT count(*) FROM webhook_event),"
                + " (SELECT metadata::text FROM room WHERE id = ?))", String.class, room);
        HttpResponse<String> members = send(new Case("read back", new Endpoint("participants", "GET",
                "/api/v1/rooms/{room}/participants", List.of()), null, "", false, 200, null, 0, null));
        assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
        // Only this test's participant: the one of the test before may still be leaving.
        JsonNode self = null;
        for (JsonNode member : JSON.readTree(members.body())) {
            if (member.path("id").asString().equals(participant)) {
                self = member;
            }
        }
        return tables + " " + self;
    }
}
