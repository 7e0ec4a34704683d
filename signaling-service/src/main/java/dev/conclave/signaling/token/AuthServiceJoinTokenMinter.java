package dev.conclave.signaling.token;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mints join tokens by calling auth-service's {@code POST /api/v1/join-tokens}, authenticated as this service with
 * an access token from the client-credentials grant (fetched, cached and renewed by Spring Security).
 */
@Component
class AuthServiceJoinTokenMinter implements JoinTokenMinter {

    static final String REGISTRATION_ID = "auth-service";

    private final RestClient client;
    private final JsonMapper json;

    AuthServiceJoinTokenMinter(RestClient.Builder builder, OAuth2AuthorizedClientManager clients,
                               JoinTokenProperties properties, JsonMapper json) {
        this.json = json;
        OAuth2ClientHttpRequestInterceptor oauth = new OAuth2ClientHttpRequestInterceptor(clients);
        oauth.setClientRegistrationIdResolver(request -> REGISTRATION_ID);
        oauth.setPrincipalResolver(request ->
                UsernamePasswordAuthenticationToken.authenticated("signaling-service", null, List.of()));
        // A plain blocking connection (kept alive between calls): the JDK HttpClient behind Spring's request factory
        // started two threads per call (the request body's publisher, and a completion stage on a 2-core machine
        // whose common pool is too small to be used), which made minting 1,000 tokens take 8-16 s (bench).
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.client = builder.baseUrl(properties.authUri().toString())
                .requestFactory(requests)
                .requestInterceptor(oauth)
                .build();
    }

    @Override
    public IssuedJoinToken mint(JoinTokenRequest request) {
        try {
            MintedToken minted = client.post().uri("/api/v1/join-tokens")
                    .body(body(request))
                    .retrieve()
                    .body(MintedToken.class);
            if (minted == null) {
                throw new ConclaveException(ErrorCode.UNAVAILABLE, "auth-service answered without a token");
            }
            return new IssuedJoinToken(minted.token(), request.roomId(), minted.identity(), minted.expiresAt());
        } catch (HttpClientErrorException.BadRequest refused) {
            throw invalidField(refused);
        } catch (RestClientException | OAuth2AuthorizationException e) {
            throw new ConclaveException(ErrorCode.UNAVAILABLE, "join tokens cannot be issued right now; try again", e);
        }
    }

    private static Map<String, Object> body(JoinTokenRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roomId", request.roomId().value());
        body.put("displayName", request.displayName());
        if (request.guest()) {
            body.put("guest", true);
        } else {
            body.put("identity", request.identity());
        }
        if (request.grants() != null) {
            body.put("grants", request.grants().stream().sorted().map(Grant::wireName).toList());
        }
        if (!request.metadata().isEmpty()) {
            body.put("metadata", request.metadata());
        }
        if (request.ttlSeconds() != null) {
            body.put("ttlSeconds", request.ttlSeconds());
        }
        return body;
    }

    /** auth-service refused a field (its limits can be configured tighter than ours): pass the field on. */
    private ConclaveException invalidField(HttpClientErrorException refused) {
        JsonNode problem = json.readTree(refused.getResponseBodyAsString());
        JsonNode error = problem.path("errors").path(0);
        if (error.has("field")) {
            return ConclaveException.invalidParam(error.get("field").asString(), error.path("message").asString());
        }
        return new ConclaveException(ErrorCode.INVALID_PARAMS, problem.path("detail").asString("auth-service refused the request"));
    }

    private record MintedToken(String token, String roomId, String identity, Instant expiresAt) {
    }
}
