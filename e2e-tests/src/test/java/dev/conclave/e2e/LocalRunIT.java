package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, minus the build: the launcher jar starts embedded PostgreSQL and the three services,
 * prints the URL, serves a working page there, and stops everything on Ctrl-C (SIGINT).
 */
@DisplayName("the local run (conclave-local-exec.jar)")
class LocalRunIT {

    private static final Pattern READY = Pattern.compile("Open (http://localhost:(\\d+)/) ");

    @Test
    @DisplayName("prints the URL of a working platform and stops every process it started on SIGINT")
    void startsAndStops() throws Exception {
        Launched run = launch("local-run-it");
        Process launcher = run.launcher();
        List<String> output = run.output();
        CompletableFuture<String> url = run.url();
        try {
            String pageUrl = url.get(3, TimeUnit.MINUTES);
            List<ProcessHandle> children = launcher.descendants().toList();
            assertThat(children).as("service processes").hasSizeGreaterThanOrEqualTo(3);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(pageUrl)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Conclave");
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(pageUrl + "api/v1/rooms/local-check/guest-tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"Newcomer\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(201);

            new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher stopped; output:\n%s", String.join("\n", output)).isTrue();
            for (ProcessHandle child : children) {
                assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("child %s", child.pid()).isFalse();
            }
            assertThat(output).anyMatch(line -> line.contains("Stopped."));
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    @DisplayName("with several signaling nodes, goes on when one dies and starts it again")
    void survivesADeadSignalingNode() throws Exception {
        Launched run = launch("local-run-it-nodes", "--signaling-nodes=2");
        Process launcher = run.launcher();
        List<String> output = run.output();
        CompletableFuture<String> url = run.url();
        try {
            String pageUrl = url.get(3, TimeUnit.MINUTES);
            ProcessHandle node = launcher.descendants()
                    .filter(child -> child.info().commandLine().orElse("").contains("signaling-service"))
                    .findFirst().orElseThrow();
            node.destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (output.stream().noneMatch(line -> line.endsWith(" is back.")) && System.nanoTime() < deadline) {
                assertThat(launcher.isAlive()).as("the launcher goes on; output:\n%s", String.join("\n", output))
                        .isTrue();
                Thread.sleep(200);
            }
            assertThat(output).as(String.join("\n", output)).anyMatch(line -> line.contains("Starting it again"))
                    .anyMatch(line -> line.endsWith(" is back."));
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pageUrl))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
        } finally {
            new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
    }

    /** The launcher as a newcomer starts it, on free ports, its output followed; url completes when it prints one. */
    private record Launched(Process launcher, List<String> output, CompletableFuture<String> url) {
    }

    private static Launched launch(String stateName, String... options) throws IOException {
        Path home = Path.of(System.getProperty("conclave.home", "..")).toAbsolutePath().normalize();
        Path stateDir = Path.of(System.getProperty("conclave.e2e.state", "target/e2e-state")).resolveSibling(stateName);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dconclave.home=" + home, "-jar",
                home.resolve("local-run/target/conclave-local-exec.jar").toString(), "--gateway-port=" + freePort(),
                "--signaling-port=" + freePort(), "--auth-port=" + freePort(), "--state-dir=" + stateDir));
        command.addAll(List.of(options));
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(launcher, output, url), stateName + "-output");
        reader.setDaemon(true);
        reader.start();
        return new Launched(launcher, output, url);
    }

    private static void readOutput(Process launcher, List<String> output, CompletableFuture<String> url) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    url.complete(ready.group(1));
                }
            }
            url.completeExceptionally(new IllegalStateException("launcher ended without a URL:\n" + String.join("\n", output)));
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
