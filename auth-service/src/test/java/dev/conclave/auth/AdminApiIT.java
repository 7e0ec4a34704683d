package dev.conclave.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.testing.UsesPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        AuthServiceIT.SECRET_PROPERTY,
        "conclave.auth.issuer=" + AuthServiceIT.ISSUER,
        "conclave.auth.admin.password=" + AdminApiIT.ADMIN_PASSWORD,
        "conclave.auth.bootstrap.clients[0].client-id=" + AdminApiIT.DEPLOYED,
        "conclave.auth.bootstrap.clients[0].client-secret=" + AdminApiIT.DEPLOYED_SECRET,
        "conclave.auth.bootstrap.clients[0].scopes=join-tokens:mint",
})
@ExtendWith(OutputCaptureExtension.class)
@DisplayName("the admin API for API clients, over HTTP with a real PostgreSQL")
class AdminApiIT {

    static final String ADMIN_PASSWORD = "admin-password-for-tests-0123";
    static final String DEPLOYED = "deployed-service";
    static final String DEPLOYED_SECRET = "deployed-secret-0123456789";
    private static final String CLIENTS = "/admin/v1/clients";
    private static final String MINT_BODY = "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    private AuthHttp http;

    @BeforeEach
    void connect() {
        http = new AuthHttp(port);
    }

    @Nested
    @DisplayName("its credential")
    class Credential {

        @Test
        @DisplayName("answers 401 problem+json with a Basic challenge when no credential is sent")
        void requiresCredential() {
            HttpResponse<String> response = http.admin("GET", CLIENTS, null, null);

            http.assertProblem(response, 401, "urn:conclave:problem:unauthenticated");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Basic realm=\"conclave-admin\""));
        }

        @Test
        @DisplayName("answers 401 for a wrong password, another user name, or an access token")
        void refusesWrongCredentials() {
            http.assertProblem(http.admin("GET", CLIENTS, null, "not-the-admin-password"),
                    401, "urn:conclave:problem:unauthenticated");
            http.assertProblem(http.call("GET", CLIENTS, AuthHttp.basic("root", ADMIN_PASSWORD), null),
                    401, "urn:conclave:problem:unauthenticated");
            String accessToken = http.accessToken(DEPLOYED, DEPLOYED_SECRET, "join-tokens:mint");
            HttpResponse<String> bearer = http.call("GET", CLIENTS, "Bearer " + accessToken, null);
            http.assertProblem(bearer, 401, "urn:conclave:problem:unauthenticated");
            assertThat(bearer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
        }

        @Test
        @DisplayName("is no access token: it opens nothing outside /admin")
        void opensNothingElse() {
            HttpResponse<String> response = http.call("POST", "/api/v1/join-tokens",
                    AuthHttp.basic("admin", ADMIN_PASSWORD), MINT_BODY);
            http.assertProblem(response, 401, "urn:conclave:problem:unauthenticated");
        }

        @Test
        @DisplayName("when no admin password is configured, the admin API answers 404 on every path, credential or not")
        void disabledWithoutPassword() {
            try (ConfigurableApplicationContext disabled = startAnotherInstance("--conclave.auth.admin.password=")) {
                AuthHttp other = new AuthHttp(disabled.getEnvironment().getRequiredProperty("local.server.port", Integer.class));

                JsonNode problem = other.assertProblem(other.admin("GET", CLIENTS, null, ADMIN_PASSWORD),
                        404, "urn:conclave:problem:not-found");
                assertThat(problem.get("detail").asString()).contains("conclave.auth.admin.password");
                other.assertProblem(other.admin("GET", CLIENTS, null, null), 404, "urn:conclave:problem:not-found");
                other.assertProblem(other.admin("POST", CLIENTS, "{\"clientId\":\"x\",\"scopes\":[\"rooms:read\"]}",
                        ADMIN_PASSWORD), 404, "urn:conclave:problem:not-found");
                other.assertProblem(other.admin("DELETE", CLIENTS + "/" + DEPLOYED, null, ADMIN_PASSWORD),
                        404, "urn:conclave:problem:not-found");
            }
        }

        @Test
        @DisplayName("must be at least 16 characters: a shorter one stops start-up, naming the setting")
        void shortPasswordFailsStartup() {
            assertThatThrownBy(() -> startAnotherInstance("--conclave.auth.admin.password=too-short").close())
                    .hasStackTraceContaining("conclave.auth.admin")
                    .hasStackTraceContaining("at least 16 characters");
        }
    }

    @Nested
    @DisplayName("creating a client")
    class Creating {

        @Test
        @DisplayName("answers 201 with a generated secret, shown once, that gets an access token with exactly the given scopes")
        void createsClient() {
            String clientId = uniqueClientId();
            Instant before = Instant.now().minusSeconds(1);

            HttpResponse<String> response = create(clientId, "\"rooms:write\", \"rooms:read\"", "\"reporting job\"");

            JsonNode created = http.assertJson(response, 201);
            assertThat(response.headers().firstValue("Location")).contains(CLIENTS + "/" + clientId);
            assertThat(created.get("clientId").asString()).isEqualTo(clientId);
            assertThat(created.get("scopes").valueStream().map(JsonNode::asString))
                    .containsExactly("rooms:read", "rooms:write");
            assertThat(Instant.parse(created.get("createdAt").asString())).isBetween(before, Instant.now().plusSeconds(1));
            String secret = created.get("clientSecret").asString();
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(32);

            Jwt token = decoder().decode(http.accessToken(clientId, secret, "rooms:read rooms:write"));
            assertThat(token.getSubject()).isEqualTo(clientId);
            assertThat(token.getClaimAsStringList("scope")).containsExactlyInAnyOrder("rooms:read", "rooms:write");
            HttpResponse<String> foreign = http.tokenRequest(clientId, secret, "join-tokens:mint");
            assertThat(foreign.statusCode()).isEqualTo(400);
            assertThat(http.read(foreign).get("error").asString()).isEqualTo("invalid_scope");
        }

        @Test
        @DisplayName("stores the secret only as a bcrypt hash, and the description beside the registration")
        void storesHashOnly() {
            String clientId = uniqueClientId();
            String secret = http.read(create(clientId, "\"rooms:read\"", "\"nightly export\"")).get("clientSecret").asString();

            String stored = jdbc.queryForObject(
                    "SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?", String.class, clientId);
            assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret);
            String description = jdbc.queryForObject("""
                    SELECT d.description FROM api_client_details d
                      JOIN oauth2_registered_client c ON c.id = d.registered_client_id WHERE c.client_id = ?""",
                    String.class, clientId);
            assertThat(description).isEqualTo("nightly export");
        }

        @Test
        @DisplayName("logs and counts the change, naming admin, client and scopes but never the secret")
        void logsAndCounts(CapturedOutput output) {
            String clientId = uniqueClientId();
            double before = changes("create");

            String secret = http.read(create(clientId, "\"webhooks:manage\"", null)).get("clientSecret").asString();

            assertThat(changes("create")).isEqualTo(before + 1);
            assertThat(output.getOut()).contains(
                    "Admin change action=create actor=admin client=" + clientId + " scopes=[webhooks:manage]");
            assertThat(output.getAll()).doesNotContain(secret);
        }

        @Test
        @DisplayName("answers 409 for a client id that exists, and for a bootstrap-configured one")
        void refusesExistingClientId() {
            String clientId = uniqueClientId();
            http.assertJson(create(clientId, "\"rooms:read\"", null), 201);

            JsonNode duplicate = http.assertProblem(create(clientId, "\"rooms:write\"", null),
                    409, "urn:conclave:problem:client-exists");
            assertThat(duplicate.get("detail").asString()).contains(clientId);
            http.assertProblem(create(DEPLOYED, "\"rooms:read\"", null), 409, "urn:conclave:problem:client-configured");
            assertThat(jdbc.queryForObject("SELECT scopes FROM oauth2_registered_client WHERE client_id = ?",
                    String.class, clientId)).isEqualTo("rooms:read");
        }

        @Test
        @DisplayName("answers 400 naming scopes for a scope outside the catalogue, and in the detail too")
        void refusesUnknownScope() {
            JsonNode problem = http.assertProblem(create(uniqueClientId(), "\"rooms:read\", \"rooms:admin\"", null),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(fields(problem)).singleElement().asString().startsWith("scopes");
            assertThat(problem.get("detail").asString()).contains("scopes").contains("join-tokens:mint");
        }

        @Test
        @DisplayName("answers 400 naming the field for a bad client id, no scopes, a bad description, an unknown field or a wrong type")
        void refusesBadFields() {
            assertBadField("{\"clientId\": \"-leading-dash\", \"scopes\": [\"rooms:read\"]}", "clientId");
            assertBadField("{\"clientId\": \"" + "x".repeat(101) + "\", \"scopes\": [\"rooms:read\"]}", "clientId");
            assertBadField("{\"clientId\": \"has/slash\", \"scopes\": [\"rooms:read\"]}", "clientId");
            assertBadField("{\"scopes\": [\"rooms:read\"]}", "clientId");
            assertBadField("{\"clientId\": \"ok\", \"scopes\": []}", "scopes");
            assertBadField("{\"clientId\": \"ok\"}", "scopes");
            assertBadField("{\"clientId\": \"ok\", \"scopes\": \"rooms:read\"}", "scopes");
            assertBadField("{\"clientId\": \"ok\", \"scopes\": [\"rooms:read\"], \"description\": \"two\\nlines\"}",
                    "description");
            assertBadField("{\"clientId\": \"ok\", \"scopes\": [\"rooms:read\"], \"clientSecret\": \"mine\"}",
                    "clientSecret");
            assertBadField("{\"clientId\": 42, \"scopes\": [\"rooms:read\"]}", "clientId");
            http.assertProblem(http.admin("POST", CLIENTS, "{\"clientId\": ", ADMIN_PASSWORD),
                    400, "urn:conclave:problem:malformed-body");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM oauth2_registered_client WHERE client_id = 'ok'",
                    Integer.class)).isZero();
        }

        private void assertBadField(String body, String field) {
            JsonNode problem = http.assertProblem(http.admin("POST", CLIENTS, body, ADMIN_PASSWORD),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(fields(problem)).as(body).containsExactly(field);
        }
    }

    @Nested
    @DisplayName("listing and showing clients")
    class Listing {

        @Test
        @DisplayName("lists every client with scopes, creation time and description, bootstrap ones marked, never a secret")
        void listsClients() {
            String clientId = uniqueClientId();
            String secret = http.read(create(clientId, "\"rooms:read\"", "\"dashboard\"")).get("clientSecret").asString();

            HttpResponse<String> response = http.admin("GET", CLIENTS, null, ADMIN_PASSWORD);

            JsonNode clients = http.assertJson(response, 200).get("clients");
            JsonNode listed = byClientId(clients, clientId);
            assertThat(listed.get("description").asString()).isEqualTo("dashboard");
            assertThat(listed.get("scopes").valueStream().map(JsonNode::asString)).containsExactly("rooms:read");
            assertThat(listed.get("createdAt").asString()).isNotBlank();
            assertThat(listed.get("bootstrap").asBoolean()).isFalse();
            assertThat(byClientId(clients, DEPLOYED).get("bootstrap").asBoolean()).isTrue();
            assertThat(response.body()).doesNotContain(secret).doesNotContain("clientSecret")
                    .doesNotContain("bcrypt").doesNotContain(DEPLOYED_SECRET);
        }

        @Test
        @DisplayName("shows one client as listed, never its secret")
        void showsClient() {
            String clientId = uniqueClientId();
            JsonNode created = http.read(create(clientId, "\"join-tokens:mint\", \"rooms:read\"", null));

            HttpResponse<String> response = http.admin("GET", CLIENTS + "/" + clientId, null, ADMIN_PASSWORD);

            JsonNode shown = http.assertJson(response, 200);
            assertThat(shown.get("clientId").asString()).isEqualTo(clientId);
            assertThat(shown.get("scopes").valueStream().map(JsonNode::asString))
                    .containsExactly("join-tokens:mint", "rooms:read");
            assertThat(shown.get("createdAt").asString()).isEqualTo(created.get("createdAt").asString());
            assertThat(shown.get("description").isNull()).isTrue();
            assertThat(shown.get("secretRotatedAt").isNull()).isTrue();
            assertThat(response.body()).doesNotContain(created.get("clientSecret").asString());
        }

        @Test
        @DisplayName("answers 404 problem+json for an unknown client")
        void unknownClient() {
            JsonNode problem = http.assertProblem(http.admin("GET", CLIENTS + "/nobody-here", null, ADMIN_PASSWORD),
                    404, "urn:conclave:problem:client-not-found");
            assertThat(problem.get("detail").asString()).contains("nobody-here");
        }
    }

    @Nested
    @DisplayName("rotating a secret")
    class Rotating {

        @Test
        @DisplayName("returns a new secret once: the old one is refused at once (invalid_client), the new one works")
        void rotates(CapturedOutput output) {
            String clientId = uniqueClientId();
            JsonNode created = http.read(create(clientId, "\"rooms:read\"", null));
            String oldSecret = created.get("clientSecret").asString();
            http.accessToken(clientId, oldSecret, "rooms:read");
            double before = changes("rotate");

            HttpResponse<String> response = http.admin("POST", CLIENTS + "/" + clientId + "/secret", null, ADMIN_PASSWORD);

            JsonNode rotated = http.assertJson(response, 200);
            String newSecret = rotated.get("clientSecret").asString();
            assertThat(newSecret).isNotEqualTo(oldSecret);
            assertThat(Base64.getUrlDecoder().decode(newSecret)).hasSizeGreaterThanOrEqualTo(32);
            HttpResponse<String> old = http.tokenRequest(clientId, oldSecret, "rooms:read");
            assertThat(old.statusCode()).isEqualTo(401);
            assertThat(http.read(old).get("error").asString()).isEqualTo("invalid_client");
            http.accessToken(clientId, newSecret, "rooms:read");

            JsonNode shown = http.read(http.admin("GET", CLIENTS + "/" + clientId, null, ADMIN_PASSWORD));
            assertThat(shown.get("createdAt").asString()).isEqualTo(created.get("createdAt").asString());
            assertThat(shown.get("secretRotatedAt").asString()).isEqualTo(rotated.get("secretRotatedAt").asString());
            assertThat(changes("rotate")).isEqualTo(before + 1);
            assertThat(output.getOut()).contains("Admin change action=rotate actor=admin client=" + clientId);
            assertThat(output.getAll()).doesNotContain(newSecret);
        }

        @Test
        @DisplayName("answers 404 for an unknown client, and 409 for a bootstrap-configured one, whose secret keeps working")
        void refusesUnknownAndConfigured() {
            http.assertProblem(http.admin("POST", CLIENTS + "/nobody-here/secret", null, ADMIN_PASSWORD),
                    404, "urn:conclave:problem:client-not-found");
            JsonNode problem = http.assertProblem(
                    http.admin("POST", CLIENTS + "/" + DEPLOYED + "/secret", null, ADMIN_PASSWORD),
                    409, "urn:conclave:problem:client-configured");
            assertThat(problem.get("detail").asString()).contains("configured at deploy time")
                    .contains("change the configuration instead");
            http.accessToken(DEPLOYED, DEPLOYED_SECRET, "join-tokens:mint");
        }
    }

    @Nested
    @DisplayName("revoking a client")
    class Revoking {

        @Test
        @DisplayName("answers 204; the client gets no token, its recorded authorizations are gone, and auth-service refuses the access token it held")
        void revokes(CapturedOutput output) {
            String clientId = uniqueClientId();
            String secret = http.read(create(clientId, "\"join-tokens:mint\"", "\"to be revoked\"")).get("clientSecret").asString();
            String accessToken = http.accessToken(clientId, secret, "join-tokens:mint");
            assertThat(http.mint(accessToken, MINT_BODY).statusCode()).isEqualTo(201);
            String otherId = uniqueClientId();
            String otherSecret = http.read(create(otherId, "\"join-tokens:mint\"", null)).get("clientSecret").asString();
            String otherToken = http.accessToken(otherId, otherSecret, "join-tokens:mint");
            String registeredId = jdbc.queryForObject("SELECT id FROM oauth2_registered_client WHERE client_id = ?",
                    String.class, clientId);
            assertThat(authorizationsOf(registeredId)).isEqualTo(1);
            double before = changes("revoke");

            HttpResponse<String> response = http.admin("DELETE", CLIENTS + "/" + clientId, null, ADMIN_PASSWORD);

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            HttpResponse<String> refused = http.tokenRequest(clientId, secret, "join-tokens:mint");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(http.read(refused).get("error").asString()).isEqualTo("invalid_client");
            assertThat(authorizationsOf(registeredId)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM api_client_details WHERE registered_client_id = ?",
                    Integer.class, registeredId)).isZero();
            http.assertProblem(http.mint(accessToken, MINT_BODY), 401, "urn:conclave:problem:unauthenticated");
            http.assertProblem(http.admin("GET", CLIENTS + "/" + clientId, null, ADMIN_PASSWORD),
                    404, "urn:conclave:problem:client-not-found");
            assertThat(http.mint(otherToken, MINT_BODY).statusCode()).as("another client's token").isEqualTo(201);
            assertThat(changes("revoke")).isEqualTo(before + 1);
            assertThat(output.getOut()).contains("Admin change action=revoke actor=admin client=" + clientId
                    + " scopes=[join-tokens:mint] deletedAuthorizations=1");
        }

        @Test
        @DisplayName("answers 404 for an unknown client, and 409 for a bootstrap-configured one, which keeps working")
        void refusesUnknownAndConfigured() {
            http.assertProblem(http.admin("DELETE", CLIENTS + "/nobody-here", null, ADMIN_PASSWORD),
                    404, "urn:conclave:problem:client-not-found");
            String token = http.accessToken(DEPLOYED, DEPLOYED_SECRET, "join-tokens:mint");

            http.assertProblem(http.admin("DELETE", CLIENTS + "/" + DEPLOYED, null, ADMIN_PASSWORD),
                    409, "urn:conclave:problem:client-configured");

            assertThat(http.mint(token, MINT_BODY).statusCode()).isEqualTo(201);
            http.accessToken(DEPLOYED, DEPLOYED_SECRET, "join-tokens:mint");
        }

        @Test
        @DisplayName("an access token the client revoked itself at /oauth2/revoke is refused by auth-service at once")
        void revokedAtEndpoint() {
            String clientId = uniqueClientId();
            String secret = http.read(create(clientId, "\"join-tokens:mint\"", null)).get("clientSecret").asString();
            String accessToken = http.accessToken(clientId, secret, "join-tokens:mint");

            assertThat(http.revokeAtEndpoint(clientId, secret, accessToken).statusCode()).isEqualTo(200);

            http.assertProblem(http.mint(accessToken, MINT_BODY), 401, "urn:conclave:problem:unauthenticated");
            String fresh = http.accessToken(clientId, secret, "join-tokens:mint");
            assertThat(http.mint(fresh, MINT_BODY).statusCode()).isEqualTo(201);
        }
    }

    private HttpResponse<String> create(String clientId, String scopes, String description) {
        String body = "{\"clientId\": \"" + clientId + "\", \"scopes\": [" + scopes + "]"
                + (description == null ? "" : ", \"description\": " + description) + "}";
        return http.admin("POST", CLIENTS, body, ADMIN_PASSWORD);
    }

    private int authorizationsOf(String registeredClientId) {
        return jdbc.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE registered_client_id = ?",
                Integer.class, registeredClientId);
    }

    private double changes(String action) {
        return meters.get("conclave.auth.admin.changes").tag("action", action).counter().count();
    }

    private NimbusJwtDecoder decoder() {
        return NimbusJwtDecoder.withJwkSetUri(http.base() + "/oauth2/jwks").build();
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsString("field");
    }

    private static JsonNode byClientId(JsonNode clients, String clientId) {
        return clients.valueStream().filter(client -> client.get("clientId").asString().equals(clientId))
                .findFirst().orElseThrow(() -> new AssertionError(clientId + " not listed in " + clients));
    }

    private static String uniqueClientId() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ConfigurableApplicationContext startAnotherInstance(String adminPasswordArgument) {
        return new SpringApplicationBuilder(AuthServiceApplication.class).run(
                "--server.port=0", "--" + AuthServiceIT.SECRET_PROPERTY, "--conclave.auth.issuer=" + AuthServiceIT.ISSUER,
                adminPasswordArgument);
    }
}
