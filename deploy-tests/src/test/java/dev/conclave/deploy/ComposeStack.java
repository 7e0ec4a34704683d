package dev.conclave.deploy;

import dev.conclave.testing.Pause;
import dev.conclave.testing.RequiredServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The repo's docker-compose.yml brought up as an operator would — secrets from deploy/new-env.sh, then {@code
 * docker-compose up -d} — through podman's Docker-compatible API, with deploy-tests/compose/ci.override.yml naming
 * the images this machine has. Kurento is left out (no image here). podman runs no health checks by itself (no
 * systemd timers in the sandbox), so the stack runs them every 2 s, as the Docker engine would.
 */
final class ComposeStack implements AutoCloseable {

    /** Every service but Kurento. */
    static final List<String> SERVICES = List.of("postgres", "redis", "coturn", "auth", "media-1", "media-2",
            "signaling-1", "signaling-2", "gateway");
    private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");

    private final String project = "conclave-it-" + UUID.randomUUID().toString().substring(0, 6);
    private final Path work;
    private final Path envFile;
    private final int httpPort;
    private final Properties env = new Properties();
    private Process apiService;
    private ScheduledExecutorService healthChecks;

    private ComposeStack(Path work) throws IOException {
        this.work = work;
        this.envFile = work.resolve(".env");
        try (ServerSocket free = new ServerSocket(0)) {
            this.httpPort = free.getLocalPort();
        }
    }

    /** Skips (fails under CI) unless podman, docker-compose and every image the stack needs are here. */
    static void requireAvailable() {
        if (!Files.isExecutable(COMPOSE)) {
            throw RequiredServer.unavailable("docker-compose", COMPOSE
                    + " is not installed (apt-get install -y --no-install-recommends docker-compose)");
        }
        List<String> images = new ArrayList<>(Podman.SERVICES.stream().map(Podman::image).toList());
        images.addAll(List.of("localhost/conclave-standin/postgres:15", "localhost/conclave-standin/redis:7",
                "localhost/conclave-standin/coturn:4.6"));
        Podman.requireImages(images);
    }

    /** Writes the env file, starts podman's API socket and the health checks, and brings the stack up. */
    static ComposeStack up() throws IOException {
        requireAvailable();
        Path work = Path.of(System.getProperty("conclave.deploy.work", "target/deploy")).toAbsolutePath();
        Files.createDirectories(work);
        ComposeStack stack = new ComposeStack(work);
        try {
            stack.start();
        } catch (RuntimeException | AssertionError | IOException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void start() throws IOException {
        Files.deleteIfExists(envFile);
        Podman.run(Duration.ofSeconds(30), "bash", "deploy/new-env.sh", envFile.toString()).orFail();
        String written = Files.readString(envFile, StandardCharsets.UTF_8)
                .replace("CONCLAVE_HTTP_PORT=8080", "CONCLAVE_HTTP_PORT=" + httpPort)
                .replace("CONCLAVE_PUBLIC_URL=http://localhost:8080", "CONCLAVE_PUBLIC_URL=" + gateway());
        Files.writeString(envFile, written, StandardCharsets.UTF_8);
        try (var reader = Files.newBufferedReader(envFile)) {
            env.load(reader);
        }

        Path socket = work.resolve("podman.sock");
        Files.deleteIfExists(socket);
        apiService = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(work.resolve("podman-service.log").toFile())
                .directory(Podman.HOME.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Pause.of(Duration.ofMillis(100));
        }

        healthChecks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "compose-health-checks");
            thread.setDaemon(true);
            return thread;
        });
        healthChecks.scheduleWithFixedDelay(this::runHealthChecks, 0, 2, TimeUnit.SECONDS);

        long started = System.nanoTime();
        List<String> up = new ArrayList<>(List.of("up", "-d"));
        up.addAll(SERVICES);
        compose(Duration.ofMinutes(6), up.toArray(String[]::new));
        // compose waits only for what something depends on: nothing depends on the gateway
        awaitHealthy("gateway", Duration.ofMinutes(2));
        Duration upTook = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("compose stack %s up (every service healthy) in %d s%n", project, upTook.toSeconds());
    }

    String gateway() {
        return "http://127.0.0.1:" + httpPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** A value of the generated env file (a secret, say). */
    String env(String name) {
        return env.getProperty(name);
    }

    /** The container of a compose service. */
    String container(String service) {
        return project + "_" + service + "_1";
    }

    String project() {
        return project;
    }

    /** The container's health as podman last checked it: starting, healthy or unhealthy (empty when not running). */
    String health(String service) {
        return lines(Podman.run(Duration.ofSeconds(30), "podman", "inspect", container(service), "--format",
                "{{.State.Health.Status}}").output()).stream().findFirst().orElse("");
    }

    /** Waits until a service's container is healthy; fails with every container's log otherwise. */
    void awaitHealthy(String service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"healthy".equals(health(service))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service + " not healthy within " + timeout + " (" + health(service) + ", "
                        + Podman.run(Duration.ofSeconds(30), "podman", "ps", "-a", "--format",
                        "{{.Names}} {{.Status}}").output() + ")\n" + logs());
            }
            Pause.of(Duration.ofSeconds(1));
        }
    }

    /** Containers, volumes and networks of this project that podman still has. */
    List<String> leftovers() {
        String label = "label=com.docker.compose.project=" + project;
        List<String> left = new ArrayList<>();
        left.addAll(lines(Podman.podman("ps", "-a", "--filter", label, "--format", "{{.Names}}")));
        left.addAll(lines(Podman.podman("volume", "ls", "--filter", label, "--format", "{{.Name}}")));
        left.addAll(lines(Podman.podman("network", "ls", "--filter", label, "--format", "{{.Name}}")));
        return left;
    }

    /** Runs docker-compose on this project; fails the test unless it exits 0. */
    String compose(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(COMPOSE.toString(), "-p", project, "--env-file",
                envFile.toString(), "-f", "docker-compose.yml", "-f", "deploy-tests/compose/ci.override.yml"));
        command.addAll(Arrays.asList(arguments));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DOCKER_HOST", "unix://" + work.resolve("podman.sock"));
        environment.put("COMPOSE_HTTP_TIMEOUT", "300");
        Podman.Result result = Podman.run(timeout, environment, command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError(result.command() + " exited " + result.exitCode() + ":\n" + result.output()
                    + "\n" + logs());
        }
        return result.output();
    }

    /** The last lines of every container's log, for a failure message. */
    String logs() {
        StringBuilder logs = new StringBuilder();
        for (String service : SERVICES) {
            Podman.Result log = Podman.run(Duration.ofSeconds(30), "podman", "logs", "--tail", "30", container(service));
            logs.append("--- ").append(service).append(" ---\n").append(log.output());
        }
        return logs.toString();
    }

    private void runHealthChecks() {
        try {
            String ids = Podman.run(Duration.ofSeconds(20), "podman", "ps", "-q", "--filter",
                    "label=com.docker.compose.project=" + project).output();
            for (String id : lines(ids)) {
                Podman.run(Duration.ofSeconds(20), "podman", "healthcheck", "run", id);
            }
        } catch (RuntimeException | AssertionError e) {
            // the next round tries again
        }
    }

    @Override
    public void close() {
        try {
            compose(Duration.ofMinutes(3), "down", "-v", "-t", "20");
        } finally {
            if (healthChecks != null) {
                healthChecks.shutdownNow();
            }
            if (apiService != null) {
                apiService.destroy();
            }
        }
    }

    private static List<String> lines(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("time=")).toList();
    }
}
