package dev.conclave.media.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The STUN/TURN settings for each new endpoint. TURN credentials follow the TURN REST scheme: the username is the
 * expiry time in Unix seconds (no user part: Kurento's {@code user:password@host} form has no room for a colon in
 * the user), the password Base64(HMAC-SHA1(secret, username)).
 */
@Component
public class EndpointIce {

    private final MediaIceProperties properties;
    private final Clock clock;

    public EndpointIce(MediaIceProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public EndpointIceSettings next() {
        String stun = properties.stunAddress().isEmpty() ? null : properties.stunAddress();
        String turn = properties.turnAddress().isEmpty() ? null : turnUrl();
        return new EndpointIceSettings(stun, properties.stunPort(), turn);
    }

    private String turnUrl() {
        String username = Long.toString(clock.instant().plus(properties.turnCredentialTtl()).getEpochSecond());
        return username + ":" + hmac(properties.turnSharedSecret(), username) + "@" + properties.turnAddress()
                + "?transport=" + properties.turnTransport();
    }

    static String hmac(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
