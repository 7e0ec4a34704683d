package dev.conclave.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final Service service;
    private final int port;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();

    private ServiceProcess(Service service, int port, Process process) {
        this.service = service;
        this.port = port;
        this.process = process;
    }

    static ServiceProcess start(Service service, Path jar, int port, Map<String, String> properties,
                                List<String> jvmArgs, Path logFile, boolean echoAll, PrintStream console)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPRING_APPLICATION_JSON", Json.object(properties));
        ServiceProcess started = new ServiceProcess(service, port, builder.start());
        Files.createDirectories(logFile.getParent());
        Thread pump = new Thread(() -> started.pumpOutput(logFile, echoAll, console), service.shortName() + "-output");
        pump.setDaemon(true);
        pump.start();
        return started;
    }

    Service service() {
        return service;
    }

    int port() {
        return port;
    }

    /** Waits until the service reports itself ready; fails if it exits or the deadline passes. */
    void awaitReady(Instant deadline) throws InterruptedException {
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with code " + process.exitValue()
                        + " while starting; its last lines:\n" + tail());
            }
            if (isReady(readiness)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service.module() + " was not ready in time; its last lines:\n" + tail());
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

    private void pumpOutput(Path logFile, boolean echoAll, PrintStream console) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                log.write(line);
                log.write('\n');
                log.flush();
                remember(line);
                if (echoAll || line.contains(" WARN ") || line.contains(" ERROR ")) {
                    console.println("[" + service.shortName() + "] " + line);
                }
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                throw new UncheckedIOException(e);
            }
            // The JDK closes an exited process's output under us: the end of the log, not an error.
        }
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }
}
