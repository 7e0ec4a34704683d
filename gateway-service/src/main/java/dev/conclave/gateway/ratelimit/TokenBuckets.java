package dev.conclave.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a client address), in this gateway's memory: {@code burst} tokens, one more every
 * {@code refillEvery}. Buckets that have refilled completely are forgotten by {@link #forgetFull()}.
 */
final class TokenBuckets {

    private final int burst;
    private final long refillNanos;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(int burst, Duration refillEvery, Clock clock) {
        this.burst = burst;
        this.refillNanos = refillEvery.toNanos();
        this.clock = clock;
    }

    /** Takes a token for the key; when none is left, says how long until one is. */
    Decision take(String key) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now()));
        synchronized (bucket) {
            bucket.refill(now(), burst, refillNanos);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, Duration.ZERO);
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) * refillNanos);
            return new Decision(false, Duration.ofNanos(waitNanos));
        }
    }

    void forgetFull() {
        long now = now();
        buckets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                entry.getValue().refill(now, burst, refillNanos);
                return entry.getValue().tokens >= burst;
            }
        });
    }

    int size() {
        return buckets.size();
    }

    private long now() {
        return clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
    }

    record Decision(boolean allowed, Duration retryAfter) {
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        void refill(long now, int capacity, long refillNanos) {
            if (now > updatedAt) {
                tokens = Math.min(capacity, tokens + (double) (now - updatedAt) / refillNanos);
                updatedAt = now;
            }
        }
    }
}
