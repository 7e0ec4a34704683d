package dev.conclave.bench.scenario;

import dev.conclave.bench.ConclaveBench;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The coordinator's handle on one load-generator process ({@code LoadWorker}): send a command, read its reply. */
final class LoadProcess implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final List<String> JVM_FLAGS = List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final Process process;
    private final PrintStream commands;
    private final BufferedReader replies;
    private final String source;

    private LoadProcess(Process process, String source) {
        this.process = process;
        this.source = source;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts a load generator whose sockets come from {@code source} (a loopback address), logging to {@code log}. */
    static LoadProcess start(String source, int threads, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith("-exec.jar")) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, ConclaveBench.class.getName()));
        }
        command.addAll(List.of("worker", source, Integer.toString(threads)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new LoadProcess(process, source);
    }

    long pid() {
        return process.pid();
    }

    String source() {
        return source;
    }

    void send(ObjectNode command) {
        commands.println(command);
    }

    JsonNode reply() throws IOException {
        String line = replies.readLine();
        if (line == null) {
            throw new IllegalStateException("load generator " + source + " exited; see its log");
        }
        JsonNode reply = JSON.readTree(line);
        if (reply.has("failure")) {
            throw new IllegalStateException("load generator " + source + ": " + reply.get("failure").asString());
        }
        return reply;
    }

    static ObjectNode command(String name) {
        return JSON.createObjectNode().put("cmd", name);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            commands.println(command("exit"));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
