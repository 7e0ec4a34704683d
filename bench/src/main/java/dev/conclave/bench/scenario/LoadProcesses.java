package dev.conclave.bench.scenario;

import dev.conclave.bench.platform.ProcessMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Several load-generator processes used together: each holds at most {@link #PER_PROCESS} sockets (the per-process
 * open-file limit is 20,000) from its own loopback source address (127.0.0.2, 127.0.0.3, …).
 */
public final class LoadProcesses implements AutoCloseable {

    static final int PER_PROCESS = 9_500;

    private final List<LoadProcess> processes;

    private LoadProcesses(List<LoadProcess> processes) {
        this.processes = processes;
    }

    /** Enough processes for {@code sockets} sockets (at least one). */
    static LoadProcesses forSockets(int sockets, Path logs) throws IOException {
        int count = Math.max(1, (sockets + PER_PROCESS - 1) / PER_PROCESS);
        List<LoadProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(LoadProcess.start("127.0.0." + (2 + i), 1, logs.resolve("load-" + (i + 1) + ".log")));
        }
        return new LoadProcesses(started);
    }

    int size() {
        return processes.size();
    }

    LoadProcess get(int index) {
        return processes.get(index);
    }

    /** Sends each process its own command and waits for every reply, in process order. */
    List<JsonNode> all(IntFunction<ObjectNode> commandFor) throws IOException {
        for (int i = 0; i < processes.size(); i++) {
            processes.get(i).send(commandFor.apply(i));
        }
        List<JsonNode> replies = new ArrayList<>();
        for (LoadProcess process : processes) {
            replies.add(process.reply());
        }
        return replies;
    }

    /** The CPU time all load generators have used so far. */
    long cpuNanos() {
        return processes.stream().mapToLong(process -> ProcessMeter.cpuNanos(process.pid())).sum();
    }

    /**
     * Joins {@code count} members from the tokens file, spread evenly over the processes in whole blocks of
     * {@code block} (so a room's members stay in one process when rooms are {@code block} long).
     */
    List<JsonNode> join(String url, Path tokens, int from, int count, int block, int concurrency, boolean asPage)
            throws IOException {
        int blocks = (count + block - 1) / block;
        int perProcess = (blocks + processes.size() - 1) / processes.size();
        return all(i -> {
            int start = Math.min(count, i * perProcess * block);
            int end = Math.min(count, (i + 1) * perProcess * block);
            return LoadProcess.command("join").put("url", url).put("tokens", tokens.toString())
                    .put("from", from + start).put("count", end - start)
                    .put("concurrency", concurrency).put("asPage", asPage);
        });
    }

    void closeSessions() throws IOException {
        all(i -> LoadProcess.command("close"));
    }

    @Override
    public void close() throws InterruptedException {
        for (LoadProcess process : processes) {
            process.close();
        }
    }
}
