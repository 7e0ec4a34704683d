package dev.conclave.signaling.ice;

import dev.conclave.signaling.participant.ParticipantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints ephemeral TURN credentials as the "TURN REST API" scheme has them (coturn's {@code use-auth-secret} with
 * {@code static-auth-secret}): the username is {@code <expiry in Unix seconds>:<participant id>}, the credential
 * {@code Base64(HMAC-SHA1(shared secret, username))}. The TURN server checks the HMAC and refuses the username once
 * its expiry has passed; nothing is stored anywhere.
 */
final class TurnCredentials {

    private static final String HMAC_SHA1 = "HmacSHA1";

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    TurnCredentials(String sharedSecret, Duration ttl, Clock clock) {
        if (sharedSecret == null || sharedSecret.isEmpty()) {
            throw new IllegalArgumentException("a TURN shared secret is needed");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the credential TTL must be positive");
        }
        this.key = new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Credentials for {@code participant}, valid from now for the TTL (to the second, rounded down). */
    TurnCredential mint(ParticipantId participant) {
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().plus(ttl).getEpochSecond());
        String username = expiresAt.getEpochSecond() + ":" + participant.value();
        return new TurnCredential(username, sign(username), expiresAt);
    }

    private String sign(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JRE", e);
        }
    }

    /** What a browser puts in {@code RTCIceServer.username} and {@code .credential}. */
    record TurnCredential(String username, String credential, Instant expiresAt) {
    }
}
