package dev.conclave.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as its own JVM: started from its jar with its properties in {@code SPRING_APPLICATION_JSON}
 * (not on the command line, where other users could read the secrets), its output kept in a log file, and
 * warnings and errors echoed to the console with the service's name.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final int TAIL_LINES = 40;

    private final String name;
    private final int port;
    private int healthPort;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();

    private ServiceProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.healthPort = port;
        this.process = process;
    }

    /** The port of the service's actuator, when it has one of its own (the gateway's is off its public port). */
    ServiceProcess withHealthPort(int actuatorPort) {
        this.healthPort = actuatorPort;
        return this;
    }

    /** @param name how the process is called in the console and its log file, e.g. {@code signaling-2} */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties,
                                List<String> jvmArgs, Path logFile, boolean echoAll, PrintStream console)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(logFile.getParent());
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        // Straight into the log file: a pipe read by a thread loses what a JVM says as it exits.
        ProcessBuilder builder = new ProcessBuilder(OwnSession.of(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("SPRING_APPLICATION_JSON", Json.object(properties));
        ServiceProcess started = new ServiceProcess(name, port, builder.start());
        Thread follower = new Thread(() -> started.followLog(logFile, logStart, echoAll, console), name + "-output");
        follower.setDaemon(true);
        follower.start();
        return started;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Kills the process at once (SIGKILL): no shutdown hooks, no goodbyes — a crash, as far as anyone can tell. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    int port() {
        return port;
    }

    /** Waits until the service reports itself ready; fails if it exits or the deadline passes. */
    void awaitReady(Instant deadline) throws InterruptedException {
        URI readiness = URI.create("http://127.0.0.1:" + healthPort + "/actuator/health/readiness");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting; its last lines:\n" + tail());
            }
            if (isReady(readiness)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready in time; its last lines:\n" + tail());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the service to stop (SIGTERM: a graceful shutdown), and kills it if it has not within the grace time. */
    void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    synchronized String tail() {
        return String.join("\n", tail);
    }

    private static boolean isReady(URI readiness) {
        try {
            return HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Follows what the process writes to its log, from where it started, until it has exited and all is read. */
    private void followLog(Path logFile, long from, boolean echoAll, PrintStream console) {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            channel.position(from);
            BufferedReader lines = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            StringBuilder partial = new StringBuilder();
            while (true) {
                boolean exited = !process.isAlive();
                int next;
                while ((next = lines.read()) >= 0) {
                    if (next == '\n') {
                        seen(partial.toString(), echoAll, console);
                        partial.setLength(0);
                    } else {
                        partial.append((char) next);
                    }
                }
                if (exited) {
                    if (!partial.isEmpty()) {
                        seen(partial.toString(), echoAll, console);
                    }
                    return;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            console.println("[" + name + "] stopped following " + logFile + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void seen(String line, boolean echoAll, PrintStream console) {
        remember(line);
        if (echoAll || line.contains(" WARN ") || line.contains(" ERROR ")) {
            console.println("[" + name + "] " + line);
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }
}
