package dev.conclave.auth.client;

import dev.conclave.auth.server.AuthorizationServerProperties;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * How every API client is registered, whether from configuration or through the admin API: the client-credentials
 * grant only, the secret sent with HTTP Basic or in the form, self-contained (JWT) access tokens living
 * {@code conclave.auth.access-token-ttl}.
 */
@Component
class ClientRegistrationSettings {

    private final Duration accessTokenTtl;

    ClientRegistrationSettings(AuthorizationServerProperties server) {
        this.accessTokenTtl = server.accessTokenTtl();
    }

    /** Completes {@code builder} (which already names the id and client id) with these settings. */
    RegisteredClient build(RegisteredClient.Builder builder, String clientId, String secretHash, Set<String> scopes) {
        return builder
                .clientName(clientId)
                .clientSecret(secretHash)
                .clientAuthenticationMethods(methods -> {
                    methods.clear();
                    methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                    methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
                })
                .authorizationGrantTypes(grants -> {
                    grants.clear();
                    grants.add(AuthorizationGrantType.CLIENT_CREDENTIALS);
                })
                .scopes(granted -> {
                    granted.clear();
                    granted.addAll(scopes);
                })
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(accessTokenTtl)
                        .build())
                .build();
    }

    /** Whether a stored client's token settings are still the configured ones. */
    boolean current(RegisteredClient existing) {
        return Objects.equals(existing.getTokenSettings().getAccessTokenTimeToLive(), accessTokenTtl);
    }
}
