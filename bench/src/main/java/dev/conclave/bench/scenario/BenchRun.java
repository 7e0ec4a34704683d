package dev.conclave.bench.scenario;

import dev.conclave.bench.platform.BenchPlatform;
import dev.conclave.bench.platform.PlatformApi;
import dev.conclave.bench.platform.ProcessMeter;
import dev.conclave.local.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What every scenario works with: the platform under test, the load-generator processes (started once, kept warm
 * across scenarios), where to put files, where to say what is going on.
 */
public record BenchRun(BenchPlatform platform, LoadProcesses load, Path workDir, PrintStream console) {

    private static final java.util.concurrent.atomic.AtomicInteger CASES = new java.util.concurrent.atomic.AtomicInteger();

    /** A name for this case's rooms and identities, unique in the run (cases may repeat, e.g. the warm-up). */
    static String caseName(String base) {
        return base + "-c" + CASES.incrementAndGet();
    }

    PlatformApi api() {
        return platform.api();
    }

    /** Mints the seats' tokens into a file named after {@code name}. */
    Path tokens(String name, List<PlatformApi.Seat> seats) throws IOException, InterruptedException {
        Path file = workDir.resolve(name + ".tokens");
        long start = System.nanoTime();
        platform.api().mintTokens(seats, file);
        say("  minted %,d join tokens in %.1f s", seats.size(), (System.nanoTime() - start) / 1e9);
        return file;
    }

    long signalingCpuNanos() {
        return ProcessMeter.cpuNanos(platform.pid(Service.SIGNALING));
    }

    long gatewayCpuNanos() {
        return ProcessMeter.cpuNanos(platform.pid(Service.GATEWAY));
    }

    void say(String format, Object... args) {
        console.println(String.format(format, args));
    }

    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Waits until the signaling node has let every closed socket go (at most a minute), then a second more. */
    void settle() throws IOException, InterruptedException {
        int port = platform.port(Service.SIGNALING);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ProcessMeter.metric(port, "conclave_connections") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1_000);
    }
}
