package dev.conclave.signaling.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.signaling.ice.TurnCredentials.TurnCredential;
import dev.conclave.signaling.participant.ParticipantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("TurnCredentials")
class TurnCredentialsTest {

    private static final String SECRET = "conclave-turn-secret-0123456789";
    private static final ParticipantId PARTICIPANT = new ParticipantId("p_0123456789abcdef");
    /** 2026-01-01T00:00:00.750Z: the fraction must not leak into the expiry. */
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.750Z");
    /** 2026-01-01T12:00:00Z. */
    private static final long TWELVE_HOURS_LATER = 1_767_268_800L;

    /**
     * Computed outside Java:
     * {@code echo -n "1767268800:p_0123456789abcdef" | openssl dgst -sha1 -hmac "conclave-turn-secret-0123456789" -binary | base64}
     */
    private static final String EXPECTED_CREDENTIAL = "L5IvzRt3GnccOUuD1AwqKAletmA=";
    /** The same username signed with {@code another-secret-of-sixteen}, by the same openssl command. */
    private static final String OTHER_SECRET_CREDENTIAL = "V6kdBMjJz/P+K/dmQ9LOs9aJKOM=";

    private static TurnCredentials minter(String secret, Duration ttl, Instant now) {
        return new TurnCredentials(secret, ttl, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Nested
    @DisplayName("mints, as coturn's use-auth-secret expects,")
    class Minting {

        @Test
        @DisplayName("a username of the expiry in Unix seconds (now + TTL, rounded down), a colon and the participant id")
        void username() {
            TurnCredential credential = minter(SECRET, Duration.ofHours(12), NOW).mint(PARTICIPANT);

            assertThat(credential.username()).isEqualTo(TWELVE_HOURS_LATER + ":p_0123456789abcdef");
            assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        }

        @Test
        @DisplayName("a credential that is Base64(HMAC-SHA1(secret, username)), as openssl computes it")
        void credentialMatchesOpenssl() {
            TurnCredential credential = minter(SECRET, Duration.ofHours(12), NOW).mint(PARTICIPANT);

            assertThat(credential.credential()).isEqualTo(EXPECTED_CREDENTIAL);
        }

        @Test
        @DisplayName("a different credential for the same username under another secret")
        void secretMatters() {
            TurnCredential credential = minter("another-secret-of-sixteen", Duration.ofHours(12), NOW).mint(PARTICIPANT);

            assertThat(credential.username()).isEqualTo(TWELVE_HOURS_LATER + ":p_0123456789abcdef");
            assertThat(credential.credential()).isEqualTo(OTHER_SECRET_CREDENTIAL);
        }

        @Test
        @DisplayName("an expiry that follows the clock and the TTL")
        void expiryFollowsClockAndTtl() {
            TurnCredential inAMinute = minter(SECRET, Duration.ofSeconds(60), Instant.ofEpochSecond(1_000_000_000L))
                    .mint(PARTICIPANT);
            TurnCredential nextDay = minter(SECRET, Duration.ofDays(1), NOW.plusSeconds(3600)).mint(PARTICIPANT);

            assertThat(inAMinute.username()).isEqualTo("1000000060:p_0123456789abcdef");
            assertThat(nextDay.expiresAt()).isEqualTo(Instant.parse("2026-01-02T01:00:00Z"));
            assertThat(nextDay.username()).startsWith(Instant.parse("2026-01-02T01:00:00Z").getEpochSecond() + ":");
        }

        @Test
        @DisplayName("a username of its own for each participant")
        void perParticipant() {
            TurnCredentials minter = minter(SECRET, Duration.ofHours(12), NOW);

            TurnCredential ada = minter.mint(new ParticipantId("p_aaaaaaaaaaaaaaaa"));
            TurnCredential bob = minter.mint(new ParticipantId("p_bbbbbbbbbbbbbbbb"));

            assertThat(ada.username()).endsWith(":p_aaaaaaaaaaaaaaaa");
            assertThat(bob.username()).endsWith(":p_bbbbbbbbbbbbbbbb");
            assertThat(ada.credential()).isNotEqualTo(bob.credential());
        }
    }

    @Test
    @DisplayName("refuses an empty secret and a TTL that is not positive")
    void refusesBadSettings() {
        assertThatThrownBy(() -> minter("", Duration.ofHours(1), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minter(SECRET, Duration.ZERO, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
