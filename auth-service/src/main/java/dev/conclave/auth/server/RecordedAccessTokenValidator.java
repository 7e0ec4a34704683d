package dev.conclave.auth.server;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * This service's own API accepts an access token only while the authorization it was issued with is still recorded
 * and active: a token of a deleted client ({@code DELETE /admin/v1/clients/{id}}) or one revoked at
 * {@code /oauth2/revoke} is refused here at once. Other services verify tokens offline against the JWKS and keep
 * accepting such a token until it expires.
 */
final class RecordedAccessTokenValidator implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error REVOKED = new OAuth2Error("invalid_token",
            "the access token has been revoked or its client deleted", null);

    private final OAuth2AuthorizationService authorizations;

    RecordedAccessTokenValidator(OAuth2AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        OAuth2Authorization authorization = authorizations.findByToken(jwt.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
        OAuth2Authorization.Token<OAuth2AccessToken> recorded = authorization == null ? null : authorization.getAccessToken();
        return recorded != null && recorded.isActive()
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(REVOKED);
    }
}
