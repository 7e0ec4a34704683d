package dev.conclave.signaling.support;

import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.token.IssuedJoinToken;
import dev.conclave.signaling.token.JoinTokenMinter;
import dev.conclave.signaling.token.JoinTokenRequest;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A fake at our own port {@link JoinTokenMinter}: mints join tokens the way auth-service does, signed by a
 * {@link TestTokenIssuer}, so that tests of signaling's REST edge alone see minting succeed (the real adapter calls
 * auth-service, which e2e-tests run).
 */
public final class SignedJoinTokenMinter implements JoinTokenMinter {

    private final TestTokenIssuer issuer;

    public SignedJoinTokenMinter(TestTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public IssuedJoinToken mint(JoinTokenRequest request) {
        String identity = request.guest() ? "guest-" + UUID.randomUUID().toString().substring(0, 12) : request.identity();
        Instant expiresAt = Instant.now().plusSeconds(request.ttlSeconds() == null ? 600 : request.ttlSeconds());
        String token = issuer.token(request.roomId().value(), identity, request.displayName(), claims -> {
            claims.expirationTime(Date.from(expiresAt)).claim("guest", request.guest());
            if (request.grants() != null) {
                claims.claim("grants", request.grants().stream().map(Grant::wireName).sorted().toList());
            }
            if (!request.metadata().isEmpty()) {
                claims.claim("metadata", request.metadata());
            }
        });
        return new IssuedJoinToken(token, request.roomId(), identity, expiresAt);
    }
}
