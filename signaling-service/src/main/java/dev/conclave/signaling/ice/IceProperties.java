package dev.conclave.signaling.ice;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The STUN/TURN servers browsers are told to use (the {@code iceServers} of the join result). Empty by default:
 * on one machine or one LAN, host candidates connect without help.
 *
 * @param servers fixed entries, handed to everyone as they are
 * @param turn    a TURN server that accepts ephemeral credentials (coturn's {@code use-auth-secret}); each
 *                participant gets credentials of its own with every join and resume
 */
@Validated
@ConfigurationProperties("conclave.signaling.ice")
public record IceProperties(@Valid List<IceServer> servers, @Valid Turn turn) {

    public IceProperties {
        servers = servers == null ? List.of() : List.copyOf(servers);
        turn = turn == null ? new Turn(null, null, null) : turn;
    }

    /** One entry of {@code RTCConfiguration.iceServers}. */
    public record IceServer(@NotEmpty List<@Pattern(regexp = "^(stun|stuns|turn|turns):.+") String> urls,
                            String username, String credential) {
    }

    /**
     * A TURN server sharing a secret with signaling (the "TURN REST API" scheme): no TURN entry when {@code urls} is
     * empty.
     *
     * @param urls          e.g. {@code turn:turn.example.org:3478?transport=udp}, {@code turns:…:5349?transport=tcp}
     * @param sharedSecret  coturn's {@code static-auth-secret}; at least {@value #MIN_SECRET_LENGTH} characters
     * @param credentialTtl how long credentials stay valid after a join or resume
     */
    public record Turn(List<@Pattern(regexp = "^(turn|turns):.+", message = "must start with turn: or turns:") String> urls,
                       String sharedSecret, Duration credentialTtl) {

        static final int MIN_SECRET_LENGTH = 16;

        public Turn {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }

        public boolean configured() {
            return !urls.isEmpty();
        }

        /** Never shows the secret (this record may end up in a log or a start-up failure report). */
        @Override
        public String toString() {
            return "Turn[urls=" + urls + ", sharedSecret=" + (sharedSecret == null ? "null" : "(hidden)")
                    + ", credentialTtl=" + credentialTtl + "]";
        }

        @AssertTrue(message = "shared-secret must have at least " + MIN_SECRET_LENGTH
                + " characters when turn.urls are set")
        public boolean isSharedSecretStrongEnough() {
            return !configured() || (sharedSecret != null && sharedSecret.length() >= MIN_SECRET_LENGTH);
        }

        @AssertTrue(message = "credential-ttl must be positive when turn.urls are set")
        public boolean isCredentialTtlPositive() {
            return !configured() || (credentialTtl != null && !(credentialTtl.isNegative() || credentialTtl.isZero()));
        }
    }
}
