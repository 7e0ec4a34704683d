package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;

/** Internal services as they talk to the platform: an access token from /oauth2/token, then the API, via the gateway. */
final class Clients {

    private Clients() {
    }

    static String gatewayBase() {
        return "http://127.0.0.1:" + RunningPlatform.get().port(Service.GATEWAY);
    }

    /** The client-credentials grant through the gateway. */
    static String accessToken(String clientId, String secret, String scopes) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(gatewayBase() + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + scopes.replace(" ", "%20"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The test backend with every scope of the room-management API. */
    static ApiClient backend() {
        return new ApiClient(gatewayBase(), accessToken(RunningPlatform.BACKEND_CLIENT_ID,
                RunningPlatform.BACKEND_CLIENT_SECRET, "rooms:read rooms:write webhooks:manage"));
    }
}
