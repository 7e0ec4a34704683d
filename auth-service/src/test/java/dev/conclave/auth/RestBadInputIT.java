package dev.conclave.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.BadInputProblems;
import dev.conclave.testing.UsesPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * auth-service's REST bodies — the join-token API, the admin API and the OAuth2 token endpoint's form — with every
 * kind of bad payload, over real HTTP: refused with a 4xx (a catalogue problem with a numeric {@code code} on the JSON
 * APIs, naming the bad field; RFC 6749's {@code error} on the token endpoint, which OAuth2 clients read), never a
 * 5xx, and nothing stored: the clients, their details and the authorizations read the same before and after.
 */
@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        AuthServiceIT.SECRET_PROPERTY,
        "conclave.auth.issuer=" + AuthServiceIT.ISSUER,
        "conclave.auth.admin.password=" + RestBadInputIT.ADMIN_PASSWORD,
        "conclave.auth.bootstrap.clients[0].client-id=backend",
        "conclave.auth.bootstrap.clients[0].client-secret=" + RestBadInputIT.SECRET,
        "conclave.auth.bootstrap.clients[0].scopes=join-tokens:mint",
})
@DisplayName("auth-service's REST bodies, given bad input")
class RestBadInputIT {

    static final String ADMIN_PASSWORD = "admin-password-for-bad-input-0123";
    static final String SECRET = "backend-secret-0123456789";
    private static final int TWO_MIB = 2 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> BODY_TYPES = Set.of("urn:conclave:problem:malformed-body",
            "urn:conclave:problem:invalid-request");

    enum Kind { TEXT, INTEGER, BOOLEAN, TEXT_LIST, OBJECT }

    record Field(String name, Kind kind, String validJson) {
    }

    record Endpoint(String name, String path, boolean admin, List<Field> fields) {

        String with(String field, String rawJson) {
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach(each -> values.put(each.name(), each.name().equals(field) ? rawJson : each.validJson()));
            return values.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }

        String valid() {
            return with("", "");
        }
    }

    static final Endpoint MINT = new Endpoint("mint a join token", "/api/v1/join-tokens", false, List.of(
            new Field("roomId", Kind.TEXT, "\"lobby\""),
            new Field("identity", Kind.TEXT, "\"grace\""),
            new Field("displayName", Kind.TEXT, "\"Grace Hopper\""),
            new Field("grants", Kind.TEXT_LIST, "[\"publish\",\"chat\"]"),
            new Field("ttlSeconds", Kind.INTEGER, "600"),
            new Field("guest", Kind.BOOLEAN, "false"),
            new Field("metadata", Kind.OBJECT, "{\"seat\":\"12A\"}")));

    static final Endpoint CREATE_CLIENT = new Endpoint("create an API client", "/admin/v1/clients", true, List.of(
            new Field("clientId", Kind.TEXT, "\"never-created-by-bad-input\""),
            new Field("scopes", Kind.TEXT_LIST, "[\"rooms:read\"]"),
            new Field("description", Kind.TEXT, "\"the CRM\"")));

    /** One bad request; {@code types} the problem types it may get, {@code field} the field it must name. */
    record Case(String what, Endpoint endpoint, String contentType, String body, int status, Set<String> types,
                String field) {

        static Case invalid(Endpoint endpoint, String what, String body, String field) {
            return new Case(what, endpoint, "application/json", body, 400,
                    field == null ? BODY_TYPES : Set.of("urn:conclave:problem:invalid-request"), field);
        }

        @Override
        public String toString() {
            return endpoint.name() + ": " + what;
        }
    }

    static Stream<Case> bodies() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : List.of(MINT, CREATE_CLIENT)) {
            String valid = endpoint.valid();
            Field first = endpoint.fields().get(0);
            cases.add(Case.invalid(endpoint, "malformed JSON", "{\"" + first.name() + "\" 1}", null));
            cases.add(Case.invalid(endpoint, "JSON cut short", valid.substring(0, valid.length() / 2), null));
            cases.add(Case.invalid(endpoint, "trailing content after the object", valid + " {}", null));
            for (String notObject : List.of("[" + valid + "]", "\"text\"", "42", "null", "true", "")) {
                cases.add(Case.invalid(endpoint, "the body " + (notObject.isEmpty() ? "empty" : abbreviate(notObject)),
                        notObject, null));
            }
            cases.add(Case.invalid(endpoint, "a field given twice",
                    valid.replaceFirst("\\{", "{\"" + first.name() + "\":" + first.validJson() + ","), null));
            cases.add(Case.invalid(endpoint, "an unknown field", valid.replaceFirst("\\{", "{\"unexpected\":1,"),
                    "unexpected"));
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                cases.add(new Case("Content-Type " + type, endpoint, type, valid, 415,
                        Set.of("urn:conclave:problem:unsupported-media-type"), null));
            }
            cases.add(new Case("a 2 MiB body", endpoint, "application/json",
                    endpoint.with(first.name(), "\"" + "x".repeat(TWO_MIB) + "\""), 413,
                    Set.of("urn:conclave:problem:content-too-large"), null));
            for (Field field : endpoint.fields()) {
                for (String bad : badValues(field)) {
                    cases.add(Case.invalid(endpoint, field.name() + " as " + abbreviate(bad),
                            endpoint.with(field.name(), bad), field.name()));
                }
            }
        }
        return cases.stream();
    }

    private static List<String> badValues(Field field) {
        String long10k = "x".repeat(10_000);
        return switch (field.kind()) {
            case TEXT -> List.of("7", "{\"a\":1}", "[\"x\"]", "true", "\"" + long10k + "\"", "\"a\\ud800b\"",
                    "\"\\udc00\"", "\"a\\u0000b\"", "\"a\\u0007b\"");
            case INTEGER -> List.of("\"8\"", "8.5", "1e2", "true", "{}", "2147483648");
            case BOOLEAN -> List.of("\"true\"", "1", "[]");
            case TEXT_LIST -> List.of("\"publish\"", "{}", "[7]", "[null]", "[\"" + long10k + "\"]", "[\"\\ud800\"]",
                    "[\"a\\u0000b\"]");
            case OBJECT -> List.of("[1]", "\"x\"", "7", "{\"blob\":\"" + "x".repeat(20_000) + "\"}",
                    "{\"k\":\"\\ud800\"}", "{\"\\ud800\":1}", "{\"k\":{\"deep\":[\"\\udc00\"]}}",
                    "{\"k\":\"a\\u0000b\"}", "{\"a\\u0000b\":1}");
        };
    }

    /** The token endpoint's form: RFC 6749's errors, or 413 for a body far too large. */
    static Stream<Case> forms() {
        Endpoint token = new Endpoint("the token endpoint", "/oauth2/token", false, List.of());
        String form = "application/x-www-form-urlencoded";
        return Stream.of(
                new Case("an empty form", token, form, "", 400, Set.of("invalid_request"), null),
                new Case("grant_type twice", token, form,
                        "grant_type=client_credentials&grant_type=client_credentials", 400, Set.of("invalid_request"), null),
                new Case("an unknown grant type", token, form, "grant_type=password", 400,
                        Set.of("unsupported_grant_type"), null),
                new Case("a scope it does not have", token, form, "grant_type=client_credentials&scope=rooms:write",
                        400, Set.of("invalid_scope"), null),
                new Case("a NUL in the scope", token, form, "grant_type=client_credentials&scope=join-tokens%00mint",
                        400, Set.of("invalid_scope"), null),
                new Case("a control character in the scope", token, form,
                        "grant_type=client_credentials&scope=join-tokens:mint%07", 400, Set.of("invalid_scope"), null),
                new Case("bytes that are not UTF-8 in the scope", token, form,
                        // the container refuses to decode it, before the endpoint: a catalogue problem, not RFC 6749's
                        "grant_type=client_credentials&scope=%ED%A0%80", 400,
                        Set.of("invalid_scope", "urn:conclave:problem:invalid-request"), null),
                new Case("a 10,000-character scope", token, form,
                        "grant_type=client_credentials&scope=" + "x".repeat(10_000), 400, Set.of("invalid_scope"), null),
                new Case("the form as JSON", token, "application/json", "{\"grant_type\":\"client_credentials\"}", 400,
                        Set.of("invalid_request", "unsupported_grant_type"), null),
                new Case("a 2 MiB form", token, form,
                        "grant_type=client_credentials&scope=" + "x".repeat(TWO_MIB), 413,
                        Set.of("urn:conclave:problem:content-too-large"), null));
    }

    private static String abbreviate(String json) {
        return json.length() > 40 ? json.substring(0, 20) + "…(" + json.length() + " characters)" : json;
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private AuthHttp http;
    private static String bearer;

    @BeforeEach
    void connect() {
        http = new AuthHttp(port);
        if (bearer == null) {
            bearer = http.accessToken("backend", SECRET, "join-tokens:mint");
        }
    }

    @Nested
    @DisplayName("a JSON body that is not what the endpoint reads, or a field that is wrong in any way")
    class JsonBodies {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.conclave.auth.RestBadInputIT#bodies")
        @DisplayName("is refused with a catalogue problem naming the field, and stores nothing")
        void refused(Case bad) {
            String before = stored();
            HttpResponse<String> response = send(bad);
            String described = bad + " -> " + response.statusCode() + " " + abbreviate(response.body());
            BadInputProblems.assertProblem(response, described, bad.status(), bad.types(), bad.field());
            assertThat(stored()).as("nothing stored by " + bad).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("a bad form at the token endpoint")
    class TokenForms {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.conclave.auth.RestBadInputIT#forms")
        @DisplayName("is refused with RFC 6749's error (or 413), and issues nothing")
        void refused(Case bad) {
            String before = stored();
            HttpResponse<String> response = send(bad);
            String described = bad + " -> " + response.statusCode() + " " + abbreviate(response.body());
            assertThat(response.statusCode()).as(described).isEqualTo(bad.status());
            JsonNode answer = JSON.readTree(response.body());
            String error = answer.has("error") ? answer.get("error").asString() : answer.path("type").asString();
            assertThat(error).as(described).isIn(bad.types());
            assertThat(stored()).as("nothing stored by " + bad).isEqualTo(before);
        }
    }

    private HttpResponse<String> send(Case bad) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + bad.endpoint().path()))
                .POST(HttpRequest.BodyPublishers.ofString(bad.body(), StandardCharsets.UTF_8));
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        if (bad.endpoint().admin()) {
            request.header("Authorization", AuthHttp.basic("admin", ADMIN_PASSWORD));
        } else if (bad.endpoint().path().equals("/oauth2/token")) {
            request.header("Authorization", AuthHttp.basic("backend", SECRET));
        } else {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request);
    }

    /** What a bad request could have changed: the clients, their details, the authorizations issued. */
    private String stored() {
        return jdbc.queryForObject("SELECT concat_ws(',', (SELECT count(*) FROM oauth2_registered_client),"
                + " (SELECT count(*) FROM api_client_details), (SELECT count(*) FROM oauth2_authorization))", String.class);
    }
}
