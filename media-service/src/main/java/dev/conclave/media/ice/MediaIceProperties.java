package dev.conclave.media.ice;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * STUN/TURN for the media servers' endpoints, so they reach browsers behind NAT. The TURN credentials are the same
 * ephemeral kind browsers get (coturn's {@code use-auth-secret}): minted per endpoint from the shared secret.
 *
 * @param stunAddress      IP address of a STUN server; empty for none
 * @param turnAddress      {@code ip:port} of a TURN server; empty for none
 * @param turnTransport    {@code udp}, {@code tcp} or {@code tls}
 * @param turnSharedSecret coturn's {@code static-auth-secret}
 */
@Validated
@ConfigurationProperties("conclave.media.ice")
public record MediaIceProperties(String stunAddress, @Min(0) @Max(65535) int stunPort,
                                 @Pattern(regexp = "^$|^[^:@]+:\\d{1,5}$") String turnAddress,
                                 @Pattern(regexp = "udp|tcp|tls") String turnTransport, String turnSharedSecret,
                                 Duration turnCredentialTtl) {

    public MediaIceProperties {
        stunAddress = stunAddress == null ? "" : stunAddress;
        turnAddress = turnAddress == null ? "" : turnAddress;
        turnTransport = turnTransport == null ? "udp" : turnTransport;
        turnCredentialTtl = turnCredentialTtl == null ? Duration.ofHours(12) : turnCredentialTtl;
    }

    @AssertTrue(message = "turn-shared-secret must have at least 16 characters when turn-address is set")
    boolean isTurnSecretSet() {
        return turnAddress.isEmpty() || (turnSharedSecret != null && turnSharedSecret.length() >= 16);
    }
}
