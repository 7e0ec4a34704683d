package dev.conclave.bench.platform;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.PlatformOptions;
import dev.conclave.local.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The platform under test, started fresh for a run the way the local run starts it (embedded PostgreSQL, each
 * service its own JVM, one signaling node), with the JVM flags and limits the benchmark reports, and signaling on the
 * servlet container the run chose ({@link Container}).
 */
public final class BenchPlatform implements AutoCloseable {

    /**
     * What each service JVM runs with: exactly what its image runs with ({@code src/main/jib/app/jvm.options}), under the
     * memory limit the chart gives its container — as the local run starts it too.
     */
    public static String jvmOptions(Path home) {
        StringBuilder described = new StringBuilder();
        for (Service service : Service.values()) {
            try {
                List<String> options = Files.readAllLines(service.jvmOptionsFile(home)).stream()
                        .map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
                described.append(described.isEmpty() ? "" : "; ").append(service.shortName()).append(": ")
                        .append(String.join(" ", options)).append(" -XX:MaxRAM=").append(service.memoryLimitMib())
                        .append("m");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return described.toString();
    }

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

    /** The gateway's per-address connection limit out of the way: every load client connects from 127.0.0.1. */
    public static final Map<String, String> GATEWAY_PROPERTIES = Map.of(
            "conclave.gateway.connection-rate-limit.burst", "1000000",
            "conclave.gateway.connection-rate-limit.refill-every", "PT0.000001S",
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
                Map.of(Service.SIGNALING, SIGNALING_PROPERTIES, Service.GATEWAY, GATEWAY_PROPERTIES), List.of(), Duration.ofMinutes(3), false, 1,
                List.of(), Container.chosen().jar(home), 1);
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

    /**
     * The servlet container signaling runs on: a choice to measure, so each is its own build of signaling-service
     * ({@code ./mvnw package}, and {@code -Pjetty} for Jetty), picked with {@code --container=} (Tomcat by default).
     */
    public enum Container {
        TOMCAT("Tomcat", "target", "-exec.jar", "tomcat-embed-core-"),
        JETTY("Jetty", "target/jetty/target", "-exec-jetty.jar", "jetty-server-");

        /** The system property that holds the choice; {@code --container=} sets it. */
        public static final String PROPERTY = "conclave.bench.container";

        private final String displayName;
        private final String buildDirectory;
        private final String jarSuffix;
        private final String serverLibrary;

        Container(String displayName, String buildDirectory, String jarSuffix, String serverLibrary) {
            this.displayName = displayName;
            this.buildDirectory = buildDirectory;
            this.jarSuffix = jarSuffix;
            this.serverLibrary = serverLibrary;
        }

        /** The run's choice. */
        public static Container chosen() {
            return named(System.getProperty(PROPERTY, TOMCAT.name()));
        }

        /** {@code tomcat} or {@code jetty}, in any case. */
        public static Container named(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the container is tomcat or jetty, not " + name, e);
            }
        }

        /** signaling-service's runnable jar for this container. */
        public Path jar(Path home) throws IOException {
            Path directory = home.resolve("signaling-service").resolve(buildDirectory);
            if (Files.isDirectory(directory)) {
                String pattern = "signaling-service-*" + jarSuffix;
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, pattern)) {
                    for (Path jar : jars) {
                        return jar;
                    }
                }
            }
            throw new IllegalStateException("No signaling-service-*" + jarSuffix + " in " + directory
                    + ": build it with ./mvnw -DskipTests" + (this == JETTY ? " -pl signaling-service -Pjetty" : "")
                    + " package");
        }

        /** The container's name and version, as the jar carries it, e.g. {@code Jetty 12.1.10}. */
        public String describe(Path home) {
            try (ZipFile jar = new ZipFile(jar(home).toFile())) {
                String prefix = "BOOT-INF/lib/" + serverLibrary;
                return jar.stream().map(ZipEntry::getName)
                        .filter(name -> name.startsWith(prefix) && name.endsWith(".jar"))
                        .map(name -> name.substring(prefix.length(), name.length() - ".jar".length()))
                        .map(version -> displayName + " " + version)
                        .findFirst().orElse(displayName + " (version unknown)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
