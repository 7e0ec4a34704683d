package dev.conclave.auth.jointoken;

import dev.conclave.auth.server.AuthorizationServerProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/**
 * Signs join tokens: short-lived JWTs that name the room, the participant and what it may do there. They carry
 * {@code token_use=join} and their own audience so they can never pass for an access token, nor the reverse.
 */
@Service
public class JoinTokenIssuer {

    private static final Logger log = LoggerFactory.getLogger(JoinTokenIssuer.class);

    private final JwtEncoder encoder;
    private final JoinTokenProperties properties;
    private final String issuer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    JoinTokenIssuer(JwtEncoder encoder, JoinTokenProperties properties, AuthorizationServerProperties server,
                    Clock clock) {
        this.encoder = encoder;
        this.properties = properties;
        this.issuer = server.issuer();
        this.clock = clock;
    }

    public IssuedJoinToken issue(JoinTokenSpec spec) {
        Duration ttl = spec.ttl() == null ? properties.defaultTtl() : spec.ttl();
        if (ttl.compareTo(properties.minTtl()) < 0 || ttl.compareTo(properties.maxTtl()) > 0) {
            throw new TtlOutOfRangeException(properties.minTtl(), properties.maxTtl());
        }
        String identity = spec.guest() ? "guest-" + randomHex(8) : spec.identity();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        List<String> grants = spec.grants().stream().sorted(Comparator.naturalOrder()).map(Grant::wireName).toList();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(List.of(properties.audience()))
                .subject(identity)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .claim("token_use", "join")
                .claim("room", spec.roomId())
                .claim("name", spec.displayName())
                .claim("grants", grants)
                .claim("guest", spec.guest());
        if (spec.metadata() != null) {
            claims.claim("metadata", spec.metadata());
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        log.info("Issued join token room={} identity={} guest={} grants={} ttl={}",
                spec.roomId(), identity, spec.guest(), grants, ttl);
        return new IssuedJoinToken(token, spec.roomId(), identity, expiresAt);
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
