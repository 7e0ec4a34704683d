package dev.conclave.media.faults;

import dev.conclave.testing.Pause;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * media-service running as a JVM of its own ({@link StoredWorkersMediaService}, on this test's class path) so that a
 * test can kill it with SIGKILL and start it again on the same ports. Its output goes to a log file under
 * {@code target/}, whose last lines a failure shows.
 */
final class MediaServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Map<String, String> properties;
    private final int httpPort;
    private final Path log;
    private Process process;

    MediaServiceProcess(Map<String, String> properties, int httpPort, Path log) {
        this.properties = Map.copyOf(properties);
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts the process (not waiting for it to be ready). */
    synchronized void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StoredWorkersMediaService.class.getName());
        command.add("--server.port=" + httpPort);
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until its readiness probe answers 200; fails with its last lines if it exits or time runs out. */
    void awaitReady(Duration patience) {
        URI readiness = URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness");
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("media-service exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new IllegalStateException("media-service was not ready within " + patience + ":\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no goodbye to its clients; returns once the process is gone. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The last lines of its log. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
