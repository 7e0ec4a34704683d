package dev.conclave.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API over real HTTP, as an internal service calls it. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String bearer;

    public ApiClient(String base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** The API at {@code base} as {@code clientId}, with an access token of the client-credentials grant. */
    public static ApiClient authorized(String base, String clientId, String secret, String scopes) {
        return new ApiClient(base, clientCredentials(base, clientId, secret, scopes));
    }

    /** An access token from {@code base}/oauth2/token by the client-credentials grant; fails the test otherwise. */
    public static String clientCredentials(String base, String clientId, String secret, String scopes) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Response response = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scopes, StandardCharsets.UTF_8))));
        return response.expect(200).get("access_token").asString();
    }

    public ApiClient as(String otherBearer) {
        return new ApiClient(base, otherBearer);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path, String json, String header, String value) {
        return send(request(path).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request with any body and Content-Type (none when {@code contentType} is null), for the strictness tests. */
    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = request(path);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A response, with assertions that say what came back when they fail. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode expect(int status) {
            assertThat(raw.statusCode()).as("%s %s -> %s", raw.request().method(), raw.request().uri(), raw.body())
                    .isEqualTo(status);
            return raw.body().isEmpty() ? null : json();
        }

        /** Asserts a problem document with this status and type, returning it. */
        public JsonNode problem(int status, String type) {
            JsonNode problem = expect(status);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            assertThat(problem.get("type").asString()).as(raw.body()).isEqualTo("urn:conclave:problem:" + type);
            assertThat(problem.get("detail").asString()).isNotBlank();
            return problem;
        }

        /** Asserts a 400 naming this field among its errors. */
        public JsonNode invalidField(String field) {
            JsonNode problem = problem(400, "invalid-params");
            assertThat(problem.get("errors").findValuesAsString("field")).as(raw.body()).contains(field);
            return problem;
        }
    }
}
