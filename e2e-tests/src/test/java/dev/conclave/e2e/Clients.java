package dev.conclave.e2e;

import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;

/** Internal services as they talk to the platform: an access token from /oauth2/token, then the API, via the gateway. */
final class Clients {

    private Clients() {
    }

    static String gatewayBase() {
        return "http://127.0.0.1:" + RunningPlatform.get().port(Service.GATEWAY);
    }

    /** The client-credentials grant through the gateway. */
    static String accessToken(String clientId, String secret, String scopes) {
        return ApiClient.clientCredentials(gatewayBase(), clientId, secret, scopes);
    }

    /** The test backend with every scope of the room-management API. */
    static ApiClient backend() {
        return new ApiClient(gatewayBase(), accessToken(RunningPlatform.BACKEND_CLIENT_ID,
                RunningPlatform.BACKEND_CLIENT_SECRET, "rooms:read rooms:write webhooks:manage"));
    }
}
