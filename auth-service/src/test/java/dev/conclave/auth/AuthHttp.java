package dev.conclave.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP calls to one running auth-service, as its tests make them: token requests, admin calls, join-token mints. */
final class AuthHttp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;

    AuthHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    /** A client-credentials token request; {@code scope} may be null to ask for every scope of the client. */
    HttpResponse<String> tokenRequest(String clientId, String secret, String scope) {
        String form = "grant_type=client_credentials"
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", basic(clientId, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    String accessToken(String clientId, String secret, String scope) {
        HttpResponse<String> response = tokenRequest(clientId, secret, scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return read(response).get("access_token").asString();
    }

    /** RFC 7009 revocation of an access token by the client it was issued to. */
    HttpResponse<String> revokeAtEndpoint(String clientId, String secret, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(base + "/oauth2/revoke"))
                .header("Authorization", basic(clientId, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token_type_hint=access_token&token=" + accessToken)));
    }

    /** A call to the admin API as user {@code admin}; {@code password} null sends no credentials. */
    HttpResponse<String> admin(String method, String path, String body, String password) {
        return call(method, path, password == null ? null : basic("admin", password), body);
    }

    /** Any call; {@code authorization} (the header's value) and {@code jsonBody} may be null. */
    HttpResponse<String> call(String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    HttpResponse<String> mint(String bearer, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/join-tokens"))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    JsonNode assertJson(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/json"));
        return read(response);
    }

    JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode problem = read(response);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
