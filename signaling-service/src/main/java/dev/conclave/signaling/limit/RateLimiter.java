package dev.conclave.signaling.limit;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key, in this node's memory: {@code burst} tokens, one more every {@code refill}. Buckets that
 * have refilled completely are forgotten by {@link #forgetFull()}.
 */
public final class RateLimiter<K> {

    private final int burst;
    private final long refillNanos;
    private final Clock clock;
    private final Map<K, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int burst, Duration refill, Clock clock) {
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.clock = clock;
    }

    /** Takes a token; when none is left, returns how long until one is (else {@link Duration#ZERO}). */
    public Duration take(K key) {
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now, burst, refillNanos);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) * refillNanos));
        }
    }

    /** Takes a token, or refuses the request with {@link #limited} when none is left. */
    public void takeOrRefuse(K key, String message) {
        Duration wait = take(key);
        if (!wait.isZero()) {
            throw limited(message, wait);
        }
    }

    /**
     * The refusal of a request a limit turned away: {@code RATE_LIMITED}, saying how long to wait, also as
     * {@code retryAfterMs}.
     */
    public static ConclaveException limited(String message, Duration wait) {
        long retryAfterMs = Math.max(1, wait.toMillis());
        return new ConclaveException(ErrorCode.RATE_LIMITED, message + "; try again in " + retryAfterMs + " ms",
                Map.of("retryAfterMs", retryAfterMs));
    }

    /** Gives back a token taken for nothing (another limit refused the message). */
    public void giveBack(K key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.tokens = Math.min(burst, bucket.tokens + 1);
            }
        }
    }

    public void forgetFull() {
        long now = nanos();
        buckets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                entry.getValue().refill(now, burst, refillNanos);
                return entry.getValue().tokens >= burst;
            }
        });
    }

    private long nanos() {
        return clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
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
