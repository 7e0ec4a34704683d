package dev.conclave.signaling.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.ice.IceProperties.IceServer;
import dev.conclave.signaling.ice.IceProperties.Turn;
import dev.conclave.signaling.participant.ParticipantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("IceServers")
class IceServersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final IceServer STUN = new IceServer(List.of("stun:stun.example.org:3478"), null, null);
    private static final List<String> TURN_URLS = List.of("turn:turn.example.org:3478?transport=udp",
            "turns:turn.example.org:5349?transport=tcp");
    private static final String SECRET = "conclave-turn-secret-0123456789";
    private static final ParticipantId ADA = new ParticipantId("p_0123456789abcdef");

    @Nested
    @DisplayName("without a TURN server")
    class WithoutTurn {

        @Test
        @DisplayName("hands out the configured servers as they are")
        void fixedOnly() {
            IceServers servers = new IceServers(new IceProperties(List.of(STUN), null), CLOCK);

            assertThat(servers.forParticipant(ADA)).containsExactly(STUN);
        }

        @Test
        @DisplayName("hands out nothing when nothing is configured, a secret alone included")
        void nothing() {
            IceServers servers = new IceServers(
                    new IceProperties(null, new Turn(List.of(), SECRET, Duration.ofHours(12))), CLOCK);

            assertThat(servers.forParticipant(ADA)).isEmpty();
        }
    }

    @Nested
    @DisplayName("with a TURN server and a shared secret")
    class WithTurn {

        private final IceServers servers = new IceServers(
                new IceProperties(List.of(STUN), new Turn(TURN_URLS, SECRET, Duration.ofHours(12))), CLOCK);

        @Test
        @DisplayName("adds, after the fixed servers, the TURN urls with credentials minted for the participant")
        void turnEntry() {
            List<IceServer> handedOut = servers.forParticipant(ADA);

            assertThat(handedOut).hasSize(2);
            assertThat(handedOut.get(0)).isEqualTo(STUN);
            IceServer turn = handedOut.get(1);
            assertThat(turn.urls()).isEqualTo(TURN_URLS);
            assertThat(turn.username()).isEqualTo("1767268800:p_0123456789abcdef");
            assertThat(turn.credential())
                    .isEqualTo(new TurnCredentials(SECRET, Duration.ofHours(12), CLOCK).mint(ADA).credential());
        }

        @Test
        @DisplayName("mints anew for every participant")
        void perParticipant() {
            IceServer bob = servers.forParticipant(new ParticipantId("p_bbbbbbbbbbbbbbbb")).get(1);

            assertThat(bob.username()).isEqualTo("1767268800:p_bbbbbbbbbbbbbbbb");
            assertThat(bob.credential()).isNotEqualTo(servers.forParticipant(ADA).get(1).credential());
        }
    }
}
