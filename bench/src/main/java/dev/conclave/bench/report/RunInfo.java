package dev.conclave.bench.report;

import dev.conclave.bench.platform.BenchPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a result is about: when, which commit, which machine, which JVMs with which flags, which servlet container. */
public record RunInfo(Map<String, Object> values) {

    public static RunInfo collect(Path home, String profile, Instant started, Instant finished,
                                  String serviceJvmOptions, List<String> loadJvmFlags,
                                  Map<String, String> signalingProperties) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("profile", profile);
        values.put("started", started.toString());
        values.put("duration s", finished.getEpochSecond() - started.getEpochSecond());
        values.put("commit", commit(home));
        values.put("cpu", cpuModel());
        values.put("cores", Runtime.getRuntime().availableProcessors());
        values.put("memory GiB", memoryGib());
        values.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")).strip());
        values.put("open files limit", openFilesLimit());
        values.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        values.put("servlet container", BenchPlatform.Container.chosen().describe(home));
        values.put("service JVM options", serviceJvmOptions);
        values.put("load generator JVM flags", String.join(" ", loadJvmFlags));
        values.put("signaling settings", signalingProperties.toString());
        return new RunInfo(values);
    }

    private static String commit(Path home) {
        try {
            Process git = new ProcessBuilder("git", "-C", home.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return read(Path.of("/proc/cpuinfo")).lines().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
    }

    private static long memoryGib() {
        return read(Path.of("/proc/meminfo")).lines().filter(line -> line.startsWith("MemTotal"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024).findFirst().orElse(0L);
    }

    private static String openFilesLimit() {
        return read(Path.of("/proc/self/limits")).lines().filter(line -> line.startsWith("Max open files"))
                .map(line -> line.replaceAll(" +", " ").replace("Max open files ", "")).findFirst().orElse("unknown");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
