package dev.conclave.signaling.token;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.room.RoomId;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Mints join tokens by calling auth-service's {@code POST /api/v1/join-tokens}, authenticated as this service with
 * an access token from the client-credentials grant (fetched, cached and renewed by Spring Security).
 */
@Component
class AuthServiceJoinTokenMinter implements JoinTokenMinter {

    static final String REGISTRATION_ID = "auth-service";

    private final RestClient client;

    AuthServiceJoinTokenMinter(RestClient.Builder builder, OAuth2AuthorizedClientManager clients,
                               JoinTokenProperties properties) {
        OAuth2ClientHttpRequestInterceptor oauth = new OAuth2ClientHttpRequestInterceptor(clients);
        oauth.setClientRegistrationIdResolver(request -> REGISTRATION_ID);
        oauth.setPrincipalResolver(request ->
                UsernamePasswordAuthenticationToken.authenticated("signaling-service", null, List.of()));
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.client = builder.baseUrl(properties.authUri().toString())
                .requestFactory(requests)
                .requestInterceptor(oauth)
                .build();
    }

    @Override
    public IssuedJoinToken mintGuest(RoomId roomId, String displayName) {
        try {
            MintedToken minted = client.post().uri("/api/v1/join-tokens")
                    .body(Map.of("roomId", roomId.value(), "displayName", displayName, "guest", true))
                    .retrieve()
                    .body(MintedToken.class);
            if (minted == null) {
                throw new ConclaveException(ErrorCode.UNAVAILABLE, "auth-service answered without a token");
            }
            return new IssuedJoinToken(minted.token(), roomId, minted.identity(), minted.expiresAt());
        } catch (RestClientException | OAuth2AuthorizationException e) {
            throw new ConclaveException(ErrorCode.UNAVAILABLE, "guest tokens cannot be issued right now; try again", e);
        }
    }

    private record MintedToken(String token, String roomId, String identity, Instant expiresAt) {
    }
}
