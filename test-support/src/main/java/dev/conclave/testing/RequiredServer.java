package dev.conclave.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a real server it needs cannot be had: skip with a message saying why,
 * or — under {@code CI=true} — fail, so that CI never goes green without having run the test.
 */
public final class RequiredServer {

    private RequiredServer() {
    }

    /** True when the environment variable {@code CI} is {@code true} (set by {@code .ci/run}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the current test (or fails it under CI) because {@code server} is unavailable.
     *
     * @param server what was needed, e.g. "PostgreSQL"
     * @param why    why it could not be had, and what would provide it
     */
    public static RuntimeException unavailable(String server, String why) {
        String message = server + " is unavailable: " + why;
        if (inCi()) {
            throw new IllegalStateException(message + " (CI=true: a missing server fails the run instead of skipping)");
        }
        Assumptions.abort(message + " — test skipped");
        return new IllegalStateException("unreachable");
    }
}
