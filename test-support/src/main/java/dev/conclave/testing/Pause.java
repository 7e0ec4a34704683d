package dev.conclave.testing;

import java.time.Duration;

/** A test's wait between two polls; an interrupt ends the test rather than being swallowed. */
public final class Pause {

    private Pause() {
    }

    public static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
