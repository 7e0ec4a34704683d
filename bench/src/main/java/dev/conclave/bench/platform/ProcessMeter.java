package dev.conclave.bench.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CPU time and memory of a process on this Linux machine, read from /proc, and a JVM's live heap. */
public final class ProcessMeter {

    /** Kernel clock ticks per second for /proc/[pid]/stat times ({@code getconf CLK_TCK}; 100 on Linux/x86-64). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessMeter() {
    }

    /** User plus system CPU time the process has used, in nanoseconds (10 ms resolution). */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CPU time of process " + pid, e);
        }
    }

    /** Resident set size in bytes. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for process " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read memory of process " + pid, e);
        }
    }

    /**
     * The heap in use right after a full collection ({@code jcmd <pid> GC.run}), from the service's Prometheus
     * endpoint: what live objects occupy.
     */
    public static long liveHeapBytes(long pid, int port) throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) { // twice: the first may leave what finalizers and references freed
            jcmd(pid, "GC.run");
        }
        return (long) metric(port, "jvm_memory_used_bytes{area=\"heap\"");
    }

    /** Live bytes per class ({@code jcmd GC.class_histogram}, which collects first), keyed by class name. */
    public static Map<String, Long> classHistogram(long pid) throws IOException, InterruptedException {
        return parseHistogram(jcmd(pid, "GC.class_histogram"));
    }

    /** Runs a diagnostic command in the JVM {@code pid} and returns what it printed. */
    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(jcmd(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed for process " + pid + ": " + output);
        }
        return output;
    }

    static Map<String, Long> parseHistogram(String output) {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] columns = line.trim().split("\\s+"); // "1:  instances  bytes  class (module)"
            if (columns.length >= 4 && columns[0].endsWith(":")) {
                bytes.merge(columns[3], Long.parseLong(columns[2]), Long::sum);
            }
        }
        return bytes;
    }

    /**
     * A gauge or counter from a service's Prometheus endpoint, summed over its series, or -1 when absent. The name may
     * include the first labels, as written there: {@code jvm_memory_used_bytes{area="heap"}.
     */
    public static double metric(int port, String name) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = -1;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && line.length() > name.length() && "{ ,".indexOf(line.charAt(name.length())) >= 0) {
                sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String jcmd() {
        Path besideJava = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(besideJava) ? besideJava.toString() : "jcmd";
    }
}
