package dev.conclave.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.conclave.testing.UsesPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        AuthServiceIT.SECRET_PROPERTY,
        "conclave.auth.issuer=" + AuthServiceIT.ISSUER,
        "conclave.auth.bootstrap.clients[0].client-id=backend",
        "conclave.auth.bootstrap.clients[0].client-secret=backend-secret-0123456789",
        "conclave.auth.bootstrap.clients[0].scopes=join-tokens:mint",
        "conclave.auth.bootstrap.clients[1].client-id=reporting",
        "conclave.auth.bootstrap.clients[1].client-secret=reporting-secret-0123456789",
        "conclave.auth.bootstrap.clients[1].scopes=rooms:read",
})
@DisplayName("auth-service over HTTP with a real PostgreSQL")
class AuthServiceIT {

    static final String ISSUER = "http://auth.conclave.test";
    static final String SECRET_PROPERTY = "conclave.auth.signing.key-encryption-secret=test-key-encryption-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Nested
    @DisplayName("the client-credentials grant")
    class ClientCredentials {

        @Test
        @DisplayName("issues a JWT access token signed with a key named in the JWKS")
        void issuesSignedAccessToken() throws Exception {
            String token = accessToken("backend", "backend-secret-0123456789", "join-tokens:mint");

            SignedJWT parsed = SignedJWT.parse(token);
            assertThat(parsed.getHeader().getKeyID()).isNotBlank();
            JsonNode jwks = getJson("/oauth2/jwks");
            assertThat(jwks.get("keys").findValuesAsString("kid")).contains(parsed.getHeader().getKeyID());
            assertThat(jwks.toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
            Jwt jwt = decoder().decode(token);
            assertThat(jwt.getIssuer().toString()).isEqualTo(ISSUER);
            assertThat(jwt.getClaimAsStringList("scope")).containsExactly("join-tokens:mint");
        }

        @Test
        @DisplayName("refuses a wrong client secret")
        void refusesWrongSecret() throws Exception {
            HttpResponse<String> response = tokenRequest("backend", "not-the-secret", "join-tokens:mint");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json.readTree(response.body()).get("error").asString()).isEqualTo("invalid_client");
        }

        @Test
        @DisplayName("refuses a scope the client was not given")
        void refusesForeignScope() throws Exception {
            HttpResponse<String> response = tokenRequest("reporting", "reporting-secret-0123456789", "join-tokens:mint");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("error").asString()).isEqualTo("invalid_scope");
        }

        @Test
        @DisplayName("stores client secrets only as hashes")
        void hashesSecrets() {
            String stored = jdbc.queryForObject(
                    "SELECT client_secret FROM oauth2_registered_client WHERE client_id = 'backend'", String.class);
            assertThat(stored).startsWith("{bcrypt}").doesNotContain("backend-secret");
        }

        @Test
        @DisplayName("publishes authorization-server metadata naming the issuer and the JWKS")
        void publishesMetadata() throws Exception {
            JsonNode metadata = getJson("/.well-known/oauth-authorization-server");
            assertThat(metadata.get("issuer").asString()).isEqualTo(ISSUER);
            assertThat(metadata.get("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
        }
    }

    @Nested
    @DisplayName("minting join tokens")
    class MintingJoinTokens {

        private String accessToken;

        @BeforeEach
        void authenticate() throws Exception {
            accessToken = accessToken("backend", "backend-secret-0123456789", "join-tokens:mint");
        }

        @Test
        @DisplayName("serves twenty times as many concurrent callers as its database pool has connections")
        void manyConcurrentCallers() throws Exception {
            // each bearer-token request reads its authorization: once took two pooled connections at a time, and ten
            // concurrent callers stalled every request for the pool's 30 s timeout
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/api/v1/join-tokens"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + accessToken)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"roomId\": \"webinar\", \"identity\": \"viewer-" + i + "\", \"displayName\": \"V\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            }
        }

        @Test
        @DisplayName("returns a short-lived JWT naming room, identity, display name and grants")
        void mintsJoinToken() throws Exception {
            HttpResponse<String> response = mint(accessToken, """
                    {"roomId": "board-meeting", "identity": "user-42", "displayName": "Grace Hopper",
                     "grants": ["publish", "chat"], "ttlSeconds": 120}""");

            assertThat(response.statusCode()).isEqualTo(201);
            JsonNode body = json.readTree(response.body());
            assertThat(body.get("identity").asString()).isEqualTo("user-42");
            Jwt jwt = decoder().decode(body.get("token").asString());
            assertThat(jwt.getSubject()).isEqualTo("user-42");
            assertThat(jwt.getAudience()).containsExactly("conclave-signaling");
            assertThat(jwt.getClaimAsString("token_use")).isEqualTo("join");
            assertThat(jwt.getClaimAsString("room")).isEqualTo("board-meeting");
            assertThat(jwt.getClaimAsString("name")).isEqualTo("Grace Hopper");
            assertThat(jwt.getClaimAsStringList("grants")).containsExactly("publish", "chat");
            assertThat(jwt.getClaimAsBoolean("guest")).isFalse();
            assertThat(jwt.getExpiresAt()).isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(125));
            assertThat(jwt.getHeaders().get("kid")).isNotNull();
        }

        @Test
        @DisplayName("generates a guest identity for guest tokens and grants publish, subscribe and chat by default")
        void mintsGuestToken() throws Exception {
            HttpResponse<String> response = mint(accessToken, """
                    {"roomId": "lobby", "displayName": "Ada", "guest": true}""");

            assertThat(response.statusCode()).isEqualTo(201);
            Jwt jwt = decoder().decode(json.readTree(response.body()).get("token").asString());
            assertThat(jwt.getSubject()).startsWith("guest-");
            assertThat(jwt.getClaimAsBoolean("guest")).isTrue();
            assertThat(jwt.getClaimAsStringList("grants")).containsExactlyInAnyOrder("publish", "subscribe", "chat");
        }

        @Test
        @DisplayName("treats SQL in a display name as plain text")
        void sqlInjectionIsHarmless() throws Exception {
            HttpResponse<String> response = mint(accessToken, """
                    {"roomId": "lobby", "identity": "u1", "displayName": "x'); DROP TABLE signing_key; --"}""");

            assertThat(response.statusCode()).isEqualTo(201);
            Jwt jwt = decoder().decode(json.readTree(response.body()).get("token").asString());
            assertThat(jwt.getClaimAsString("name")).isEqualTo("x'); DROP TABLE signing_key; --");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM signing_key", Integer.class)).isPositive();
        }

        @Test
        @DisplayName("writes metadata into the token as the metadata claim, a JSON object, exactly as given")
        void writesMetadata() throws Exception {
            String metadata = """
                    {"role": "speaker", "seat": 12, "ratio": 0.5, "vip": true, "tags": ["a", "b"],
                     "org": {"id": "acme", "unit": null}, "name": "Zoë \\"Z\\" <z@example.com>"}""";
            HttpResponse<String> response = mint(accessToken,
                    "{\"roomId\": \"lobby\", \"identity\": \"u1\", \"displayName\": \"A\", \"metadata\": " + metadata + "}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            String token = json.readTree(response.body()).get("token").asString();
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            assertThat(payload.get("metadata")).isEqualTo(json.readTree(metadata));
            assertThat(decoder().decode(token).getClaimAsMap("metadata")).containsEntry("role", "speaker");
        }

        @Test
        @DisplayName("writes no metadata claim when the request has no metadata")
        void noMetadataNoClaim() throws Exception {
            HttpResponse<String> response = mint(accessToken, "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}");
            Jwt jwt = decoder().decode(json.readTree(response.body()).get("token").asString());
            assertThat(jwt.hasClaim("metadata")).isFalse();
        }

        @Test
        @DisplayName("accepts metadata of 4 KiB as JSON and rejects a byte more, naming metadata")
        void limitsMetadataSize() throws Exception {
            // {"blob":"xxx…"} is 11 bytes of JSON around the string's content.
            String atLimit = "{\"blob\":\"" + "x".repeat(4096 - 11) + "\"}";
            String overLimit = "{\"blob\":\"" + "x".repeat(4096 - 10) + "\"}";

            assertThat(mint(accessToken, withMetadata(atLimit)).statusCode()).isEqualTo(201);
            JsonNode problem = assertProblem(mint(accessToken, withMetadata(overLimit)),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("metadata");
            assertThat(problem.get("errors").get(0).get("message").asString()).contains("4096");
        }

        @Test
        @DisplayName("rejects metadata that is not a JSON object, naming metadata")
        void metadataMustBeAnObject() throws Exception {
            for (String notAnObject : new String[] {"\"speaker\"", "[1, 2]", "42", "true"}) {
                JsonNode problem = assertProblem(mint(accessToken, withMetadata(notAnObject)),
                        400, "urn:conclave:problem:invalid-request");
                assertThat(problem.get("errors").get(0).get("field").asString()).as(notAnObject).isEqualTo("metadata");
            }
        }

        private String withMetadata(String metadata) {
            return "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\",\"metadata\":" + metadata + "}";
        }

        @Test
        @DisplayName("answers 401 problem+json without a bearer token")
        void requiresAuthentication() throws Exception {
            HttpResponse<String> response = mint(null, "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}");
            assertProblem(response, 401, "urn:conclave:problem:unauthenticated");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        @DisplayName("answers 401 for a forged access token")
        void refusesForgedToken() throws Exception {
            String[] parts = accessToken.split("\\.");
            String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                            .replace("backend", "attacker")
                            .getBytes(StandardCharsets.UTF_8));
            String forged = parts[0] + "." + forgedPayload + "." + parts[2];
            HttpResponse<String> response = mint(forged, "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}");
            assertProblem(response, 401, "urn:conclave:problem:unauthenticated");
        }

        @Test
        @DisplayName("answers 403 when the access token lacks the join-tokens:mint scope")
        void requiresScope() throws Exception {
            String reader = accessToken("reporting", "reporting-secret-0123456789", "rooms:read");
            HttpResponse<String> response = mint(reader, "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}");
            assertProblem(response, 403, "urn:conclave:problem:insufficient-scope");
        }

        @Test
        @DisplayName("never accepts a join token as an access token")
        void joinTokenIsNotAnAccessToken() throws Exception {
            String joinToken = json.readTree(mint(accessToken,
                    "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}").body()).get("token").asString();
            HttpResponse<String> response = mint(joinToken, "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\"}");
            assertProblem(response, 401, "urn:conclave:problem:unauthenticated");
        }

        @Test
        @DisplayName("lists every invalid field at once")
        void listsInvalidFields() throws Exception {
            HttpResponse<String> response = mint(accessToken, """
                    {"roomId": "no spaces allowed", "identity": "u1", "displayName": "   ", "grants": ["fly"]}""");
            JsonNode problem = assertProblem(response, 400, "urn:conclave:problem:invalid-request");
            assertThat(problem.get("errors").findValuesAsString("field"))
                    .contains("roomId", "displayName").anyMatch(field -> field.startsWith("grants"));
        }

        @Test
        @DisplayName("rejects unknown fields, wrong types and malformed JSON")
        void rejectsBadBodies() throws Exception {
            JsonNode unknown = assertProblem(mint(accessToken,
                    "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\",\"admin\":true}"),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(unknown.get("errors").get(0).get("field").asString()).isEqualTo("admin");

            JsonNode wrongType = assertProblem(mint(accessToken,
                    "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\",\"ttlSeconds\":\"soon\"}"),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(wrongType.get("errors").get(0).get("field").asString()).isEqualTo("ttlSeconds");

            assertProblem(mint(accessToken, "{\"roomId\": "), 400, "urn:conclave:problem:malformed-body");
        }

        @Test
        @DisplayName("rejects a TTL outside the configured range")
        void rejectsTtlOutOfRange() throws Exception {
            JsonNode problem = assertProblem(mint(accessToken,
                    "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\",\"ttlSeconds\":999999}"),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("ttlSeconds");
            assertThat(problem.get("errors").get(0).get("message").asString()).contains("30").contains("86400");
        }

        @Test
        @DisplayName("requires an identity unless the token is for a guest, and refuses one for a guest")
        void identityRules() throws Exception {
            JsonNode missing = assertProblem(mint(accessToken, "{\"roomId\":\"lobby\",\"displayName\":\"A\"}"),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("identity");

            JsonNode forGuest = assertProblem(mint(accessToken,
                    "{\"roomId\":\"lobby\",\"identity\":\"u\",\"displayName\":\"A\",\"guest\":true}"),
                    400, "urn:conclave:problem:invalid-request");
            assertThat(forGuest.get("errors").get(0).get("field").asString()).isEqualTo("identity");
        }
    }

    @Nested
    @DisplayName("signing keys")
    class SigningKeysInTheDatabase {

        @Test
        @DisplayName("are stored with the private half encrypted")
        void privateKeyEncrypted() {
            Map<String, Object> row = jdbc.queryForMap("SELECT kid, private_key_ciphertext FROM signing_key LIMIT 1");
            byte[] ciphertext = (byte[]) row.get("private_key_ciphertext");
            // A PKCS#8 RSA key starts with the DER sequence 30 82 and names rsaEncryption; ciphertext does neither.
            assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("\u002a\u0086\u0048\u0086\u00f7\r\u0001\u0001\u0001");
        }

        @Test
        @DisplayName("survive a restart: the new instance signs with the same kid and accepts earlier tokens")
        void surviveRestart() throws Exception {
            String before = accessToken("backend", "backend-secret-0123456789", "join-tokens:mint");
            String kidBefore = SignedJWT.parse(before).getHeader().getKeyID();

            try (ConfigurableApplicationContext restarted = startAnotherInstance(SECRET_PROPERTY)) {
                int otherPort = restarted.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                JsonNode jwks = json.readTree(http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + otherPort + "/oauth2/jwks")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(jwks.get("keys").findValuesAsString("kid")).contains(kidBefore);

                HttpResponse<String> minted = send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + otherPort + "/api/v1/join-tokens"))
                        .header("Authorization", "Bearer " + before)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"r\",\"identity\":\"u\",\"displayName\":\"A\"}")));
                assertThat(minted.statusCode()).isEqualTo(201);
                String kidAfter = SignedJWT.parse(json.readTree(minted.body()).get("token").asString()).getHeader().getKeyID();
                assertThat(kidAfter).isEqualTo(kidBefore);
            }
        }

        @Test
        @DisplayName("refuse to start with another key-encryption secret, naming the setting")
        void wrongSecretFailsStartup() {
            assertThatThrownBy(() -> startAnotherInstance(
                    "conclave.auth.signing.key-encryption-secret=a-different-secret-entirely").close())
                    .hasStackTraceContaining("key-encryption-secret");
        }

        private ConfigurableApplicationContext startAnotherInstance(String secretProperty) {
            return new SpringApplicationBuilder(AuthServiceApplication.class).run(
                    "--server.port=0", "--" + secretProperty, "--conclave.auth.issuer=" + ISSUER,
                    "--conclave.auth.bootstrap.clients[0].client-id=backend",
                    "--conclave.auth.bootstrap.clients[0].client-secret=backend-secret-0123456789",
                    "--conclave.auth.bootstrap.clients[0].scopes=join-tokens:mint");
        }
    }

    private NimbusJwtDecoder decoder() {
        return NimbusJwtDecoder.withJwkSetUri(base() + "/oauth2/jwks").build();
    }

    private String accessToken(String clientId, String secret, String scope) throws Exception {
        HttpResponse<String> response = tokenRequest(clientId, secret, scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> tokenRequest(String clientId, String secret, String scope) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope)));
    }

    private HttpResponse<String> mint(String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/join-tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + path)));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }
}
