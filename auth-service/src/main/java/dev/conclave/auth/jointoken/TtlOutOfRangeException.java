package dev.conclave.auth.jointoken;

import java.time.Duration;

/** The requested token lifetime is outside what this deployment allows. */
public class TtlOutOfRangeException extends RuntimeException {

    private final Duration min;
    private final Duration max;

    TtlOutOfRangeException(Duration min, Duration max) {
        super("ttlSeconds must be between " + min.toSeconds() + " and " + max.toSeconds());
        this.min = min;
        this.max = max;
    }

    public Duration min() {
        return min;
    }

    public Duration max() {
        return max;
    }
}
