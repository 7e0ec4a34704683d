package dev.conclave.bench;

import dev.conclave.bench.platform.BenchPlatform;
import dev.conclave.bench.platform.BenchPlatform.Container;
import dev.conclave.bench.report.Measurement;
import dev.conclave.bench.report.ReportWriter;
import dev.conclave.bench.report.RunInfo;
import dev.conclave.bench.report.Target;
import dev.conclave.bench.report.Targets;
import dev.conclave.bench.scenario.BenchRun;
import dev.conclave.bench.scenario.LoadProcesses;
import dev.conclave.bench.scenario.Profile;
import dev.conclave.bench.scenario.Scenarios;
import dev.conclave.bench.worker.LoadWorker;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar bench/target/conclave-bench-exec.jar [smoke|short|full] [--out=DIR] [--container=tomcat|jetty]}:
 * starts the platform fresh (signaling on Tomcat unless told otherwise), runs the profile's scenarios against it over
 * the real protocol and writes {@code results.json}, {@code results.md} and {@code latency.png} to
 * {@code bench/results/<date>-<profile>/} (or {@code --out}).
 * {@code worker <source address> <threads>} is a load-generator process, started by the coordinator.
 */
public final class ConclaveBench {

    private ConclaveBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            LoadWorker.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.setProperty("java.awt.headless", "true");
        String profileName = "short";
        Path out = null;
        for (String arg : args) {
            if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--container=")) {
                Container container = Container.named(arg.substring("--container=".length()));
                System.setProperty(Container.PROPERTY, container.name());
            } else {
                profileName = arg;
            }
        }
        Path home = Path.of(System.getProperty("conclave.home", ".")).toAbsolutePath().normalize();
        Profile profile = Profile.named(profileName);
        Instant started = Instant.now();
        if (out == null) {
            out = home.resolve("bench/results").resolve(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")
                    .withZone(ZoneOffset.UTC).format(started) + "-" + profile.name());
        }
        Path directory = run(home, profile, out, System.out);
        System.out.println("Results: " + directory.resolve("results.md"));
        System.exit(0);
    }

    /** Runs the profile and writes its results to {@code out}; returns {@code out}. */
    public static Path run(Path home, Profile profile, Path out, PrintStream console) throws Exception {
        Instant started = Instant.now();
        Path work = home.resolve("bench/target/bench-work");
        Files.createDirectories(work);
        List<Measurement> measurements;
        try (FileChannel lockFile = FileChannel.open(work.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                // a run still stopping its platform would stop this run's database, which lives in the same place
                throw new IllegalStateException("another benchmark run is using " + work + "; wait for it to end");
            }
            measurements = runLocked(home, profile, work, console);
        }
        List<Target> targets = Targets.judge(measurements);
        RunInfo info = RunInfo.collect(home, profile.name(), started, Instant.now(), BenchPlatform.jvmOptions(home),
                Scenarios.loadJvmFlags(), BenchPlatform.SIGNALING_PROPERTIES);
        ReportWriter.write(out, info, measurements, targets);
        return out;
    }

    private static List<Measurement> runLocked(Path home, Profile profile, Path work, PrintStream console)
            throws Exception {
        try (BenchPlatform platform = BenchPlatform.start(home, work.resolve("state"), console);
             LoadProcesses load = Scenarios.loadFor(profile, work)) {
            return Scenarios.run(new BenchRun(platform, load, work, console), profile);
        }
    }
}
