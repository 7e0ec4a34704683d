package dev.conclave.signaling.token;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.text.WireText;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Verifies join tokens against auth-service's published keys (JWKS, fetched and cached; refetched when an unknown
 * {@code kid} appears): RS256 signature, issuer, audience, {@code token_use=join}, expiry, and the claims Conclave
 * needs. Every failure is a {@link ConclaveException} saying which.
 */
@Component
public class JoinTokenVerifier {

    private static final Pattern DISPLAY_NAME = Pattern.compile("^(?=.*\\S)[^\\p{Cntrl}]{1,64}$");
    private static final Pattern IDENTITY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$");

    private final NimbusJwtDecoder decoder;
    private final JoinTokenProperties properties;
    private final Clock clock;

    JoinTokenVerifier(JoinTokenProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(properties.audience())),
                new JwtClaimValidator<String>("token_use", "join"::equals)));
    }

    public JoinClaims verify(String token) {
        if (token == null || token.isBlank()) {
            throw new ConclaveException(ErrorCode.TOKEN_MISSING, "a join token is required");
        }
        Jwt jwt = decode(token);
        checkLifetime(jwt);
        return claims(jwt);
    }

    private Jwt decode(String token) {
        try {
            return decoder.decode(token);
        } catch (JwtValidationException e) {
            String problems = e.getErrors().stream().map(OAuth2Error::getDescription).reduce((a, b) -> a + "; " + b)
                    .orElse(e.getMessage());
            throw new ConclaveException(ErrorCode.TOKEN_INVALID, "the join token is not valid here: " + problems);
        } catch (BadJwtException e) {
            throw new ConclaveException(ErrorCode.TOKEN_INVALID,
                    "the join token is malformed or its signature does not verify");
        } catch (JwtException e) {
            throw new ConclaveException(ErrorCode.UNAVAILABLE,
                    "join tokens cannot be verified right now (auth-service keys unreachable); try again", e);
        }
    }

    private void checkLifetime(Jwt jwt) {
        Instant now = clock.instant();
        if (jwt.getExpiresAt() == null) {
            throw new ConclaveException(ErrorCode.TOKEN_INVALID, "the join token has no expiry");
        }
        if (now.isAfter(jwt.getExpiresAt().plus(properties.clockSkew()))) {
            throw new ConclaveException(ErrorCode.TOKEN_EXPIRED, "the join token expired at " + jwt.getExpiresAt());
        }
        if (jwt.getNotBefore() != null && now.plus(properties.clockSkew()).isBefore(jwt.getNotBefore())) {
            throw new ConclaveException(ErrorCode.TOKEN_EXPIRED, "the join token is not valid before " + jwt.getNotBefore());
        }
    }

    private static JoinClaims claims(Jwt jwt) {
        String room = jwt.getClaimAsString("room");
        String identity = jwt.getSubject();
        String name = jwt.getClaimAsString("name");
        if (!RoomId.isValid(room) || identity == null || !IDENTITY.matcher(identity).matches()
                || name == null || !DISPLAY_NAME.matcher(name).matches()) {
            throw new ConclaveException(ErrorCode.TOKEN_INVALID, "the join token lacks a valid room, subject or name");
        }
        Map<String, Object> metadata = jwt.getClaimAsMap("metadata");
        // The name and metadata go to everyone in the room: text no frame can carry is refused here, once
        WireText.Unencodable unencodable = WireText.find(Map.of("name", name, "metadata", metadata == null ? Map.of() : metadata), "");
        if (unencodable != null) {
            throw new ConclaveException(ErrorCode.TOKEN_INVALID,
                    "the join token's " + unencodable.field() + " " + unencodable.problem());
        }
        return new JoinClaims(new RoomId(room), identity, name, grants(jwt), Boolean.TRUE.equals(jwt.getClaimAsBoolean("guest")),
                metadata == null ? Map.of() : metadata);
    }

    private static Set<Grant> grants(Jwt jwt) {
        Set<Grant> grants = EnumSet.noneOf(Grant.class);
        List<String> names = jwt.getClaimAsStringList("grants");
        if (names != null) {
            names.forEach(name -> Grant.fromWireName(name).ifPresent(grants::add));
        }
        return grants;
    }
}
