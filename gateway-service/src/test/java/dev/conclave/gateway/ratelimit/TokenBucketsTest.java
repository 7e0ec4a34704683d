package dev.conclave.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TokenBuckets")
class TokenBucketsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final TokenBuckets buckets = new TokenBuckets(3, Duration.ofSeconds(2), clock);

    @Test
    @DisplayName("allow a burst, then refuse with the time until the next token")
    void burstThenRefuse() {
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("10.0.0.1").allowed()).isTrue();
        }
        TokenBuckets.Decision refused = buckets.take("10.0.0.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));

        clock.advance(Duration.ofMillis(500));
        assertThat(buckets.take("10.0.0.1").retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    @DisplayName("refill one token per interval, never above the burst")
    void refill() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(buckets.take("a").allowed()).isTrue();
        assertThat(buckets.take("a").allowed()).isFalse();

        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a").allowed()).isTrue();
        }
        assertThat(buckets.take("a").allowed()).isFalse();
    }

    @Test
    @DisplayName("keep one bucket per key")
    void perKey() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        assertThat(buckets.take("a").allowed()).isFalse();
        assertThat(buckets.take("b").allowed()).isTrue();
    }

    @Test
    @DisplayName("forget buckets that have refilled completely")
    void forgetFull() {
        buckets.take("a");
        buckets.take("b");
        buckets.take("b");
        clock.advance(Duration.ofSeconds(2));
        buckets.forgetFull();
        assertThat(buckets.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        buckets.forgetFull();
        assertThat(buckets.size()).isZero();
    }
}
