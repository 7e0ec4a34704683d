package dev.conclave.media.kurento;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Kurento Media Servers a test may use: {@code CONCLAVE_TEST_KMS_URL}, one URL or several separated by
 * commas. Without them the test is skipped — under {@code CI=true} too, unlike test-support's
 * {@code RequiredServer}: no KMS package exists for CI's Debian and CI has no Docker engine, so CI checks the
 * adapter against the recorded exchanges ({@link KurentoReplayTest}) instead.
 */
final class TestKms {

    static final String URL_VARIABLE = "CONCLAVE_TEST_KMS_URL";
    /** A shell command that stops a media server, {@code {port}} standing for its port. */
    static final String STOP_COMMAND = "conclave.test.kms.stop-command";
    /** A shell command that starts it again. */
    static final String START_COMMAND = "conclave.test.kms.start-command";

    private TestKms() {
    }

    /** The configured media servers, at least {@code needed} of them, or the test is skipped saying how to set them. */
    static List<URI> urls(int needed) {
        String value = System.getenv(URL_VARIABLE);
        List<URI> urls = value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim)
                .filter(url -> !url.isEmpty()).map(URI::create).toList();
        Assumptions.assumeTrue(urls.size() >= needed, () -> "needs " + needed + " Kurento Media Server"
                + (needed > 1 ? "s" : "") + " (7.x): set " + URL_VARIABLE + "=ws://127.0.0.1:8888/kurento"
                + (needed > 1 ? ",ws://127.0.0.1:8889/kurento" : "") + " — " + (value == null ? "not set"
                : "it names " + urls.size()) + "; test skipped");
        return urls;
    }

    static URI url() {
        return urls(1).get(0);
    }

    /** The command in system property {@code property}, or the test is skipped saying what to set. */
    static String command(String property) {
        String command = System.getProperty(property, "").trim();
        Assumptions.assumeFalse(command.isEmpty(), () -> "needs a way to stop and start a media server: pass -D"
                + property + "=\"/path/to/script {port}\" ({port} is the port in " + URL_VARIABLE + "); test skipped");
        return command;
    }

    /** Runs {@code command} with {@code {port}} replaced by the media server's port; fails unless it exits 0. */
    static void run(String command, URI kms) throws IOException, InterruptedException {
        String line = command.replace("{port}", Integer.toString(kms.getPort()));
        // Output to a file, not a pipe: a server the command starts may keep a pipe open long after it exits.
        Path output = Files.createTempFile("kms-command", ".log");
        try {
            Process process = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("'" + line + "' did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("'" + line + "' exited with " + process.exitValue() + ": "
                        + Files.readString(output, StandardCharsets.UTF_8).trim());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
