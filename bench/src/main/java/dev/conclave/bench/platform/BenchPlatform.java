package dev.conclave.bench.platform;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.PlatformOptions;
import dev.conclave.local.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The platform under test, started fresh for a run the way the local run starts it (embedded PostgreSQL, each
 * service its own JVM, one signaling node), with the JVM flags and limits the benchmark reports.
 */
public final class BenchPlatform implements AutoCloseable {

    /** Every service JVM: full JIT (unlike the local run's quick-start flags), a fixed heap, the serial collector. */
    public static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * Signaling settings for load: room and sender chat limits out of the way (the fan-out scenario measures
     * delivery, not the limiter), and Tomcat allowed as many sockets as the open-file limit lets a process hold.
     */
    public static final Map<String, String> SIGNALING_PROPERTIES = Map.of(
            "conclave.signaling.chat.participant-burst", "1000000",
            "conclave.signaling.chat.participant-refill", "PT0.0001S",
            "conclave.signaling.chat.room-burst", "1000000",
            "conclave.signaling.chat.room-refill", "PT0.00001S",
            "logging.level.dev.conclave", "WARN");

    private final LocalPlatform platform;
    private final PlatformApi api;

    private BenchPlatform(LocalPlatform platform, PlatformApi api) {
        this.platform = platform;
        this.api = api;
    }

    public static BenchPlatform start(Path home, Path stateDir, PrintStream console) throws IOException, InterruptedException {
        deleteRecursively(stateDir);
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, 0);
        }
        PlatformOptions options = new PlatformOptions(home, stateDir, ports, null,
                Map.of(Service.SIGNALING, SIGNALING_PROPERTIES), JVM_FLAGS, Duration.ofMinutes(3), false, 1, List.of());
        LocalPlatform platform = LocalPlatform.start(options, console);
        try {
            String gateway = "http://127.0.0.1:" + platform.port(Service.GATEWAY);
            return new BenchPlatform(platform, new PlatformApi(gateway, LocalPlatform.LOCAL_BACKEND_CLIENT_ID,
                    platform.localBackendSecret()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public PlatformApi api() {
        return api;
    }

    public int port(Service service) {
        return platform.port(service);
    }

    public long pid(Service service) {
        return platform.pid(service);
    }

    /** The WebSocket signaling URL, through the gateway or straight to the signaling node. */
    public String rpcUrl(boolean throughGateway) {
        return "ws://127.0.0.1:" + port(throughGateway ? Service.GATEWAY : Service.SIGNALING) + "/rpc";
    }

    public boolean allAlive() {
        return platform.allAlive();
    }

    @Override
    public void close() {
        platform.close();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
