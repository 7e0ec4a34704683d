package dev.conclave.signaling.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the join limit per identity and room")
class JoinRateLimitTest {

    private static final RoomId ROOM = new RoomId("standup");
    private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final JoinRateLimit limit = new JoinRateLimit(
            new MembershipProperties(Duration.ofSeconds(20), Duration.ofSeconds(1), 3, Duration.ofSeconds(2)), clock);

    @Test
    @DisplayName("lets a burst through, then refuses as rate-limited with the wait until the next join")
    void burstThenRefused() {
        for (int i = 0; i < 3; i++) {
            limit.check(ROOM, "mallory", CLIENT);
        }
        assertThatThrownBy(() -> limit.check(ROOM, "mallory", CLIENT))
                .isInstanceOfSatisfying(ConclaveException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(refused.details()).containsEntry("retryAfterMs", 2000L);
                });
    }

    @Test
    @DisplayName("lets one more join through per refill period")
    void refills() {
        for (int i = 0; i < 3; i++) {
            limit.check(ROOM, "mallory", CLIENT);
        }
        clock.advance(Duration.ofSeconds(2));
        assertThatCode(() -> limit.check(ROOM, "mallory", CLIENT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limit.check(ROOM, "mallory", CLIENT)).isInstanceOf(ConclaveException.class);
    }

    @Test
    @DisplayName("counts each identity in each room on its own, and never a resume")
    void perIdentityAndRoom() {
        for (int i = 0; i < 3; i++) {
            limit.check(ROOM, "mallory", CLIENT);
        }
        assertThatCode(() -> limit.check(ROOM, "ada", CLIENT)).doesNotThrowAnyException();
        assertThatCode(() -> limit.check(new RoomId("retro"), "mallory", CLIENT)).doesNotThrowAnyException();
        assertThat(limit.appliesToResume()).isFalse();
    }
}
