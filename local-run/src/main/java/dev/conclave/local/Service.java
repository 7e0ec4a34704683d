package dev.conclave.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The platform's services, in the order they start (each needs the ones before it), each with the memory limit the
 * Helm chart gives its container by default ({@code k8s/helm/conclave/values.yaml}, checked by HelmChartTest).
 */
public enum Service {
    AUTH("auth-service", "auth", 9000, 768),
    /** Only when Kurento workers are given: without them SFU rooms are unavailable and mesh rooms work. */
    MEDIA("media-service", "media", 8090, 768),
    SIGNALING("signaling-service", "signaling", 8081, 1024),
    GATEWAY("gateway-service", "gateway", 8080, 768);

    private final String module;
    private final String shortName;
    private final int defaultPort;
    private final int memoryLimitMib;

    Service(String module, String shortName, int defaultPort, int memoryLimitMib) {
        this.module = module;
        this.shortName = shortName;
        this.defaultPort = defaultPort;
        this.memoryLimitMib = memoryLimitMib;
    }

    /** The memory limit of the service's container in the chart, MiB. */
    public int memoryLimitMib() {
        return memoryLimitMib;
    }

    /**
     * The service's runnable jar: {@code <module>-<version>-exec.jar} where the plain jar is kept as a library, else
     * the plain one.
     */
    public Path runnableJar(Path home) throws IOException {
        Path target = home.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            Path plain = null;
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, module + "-*.jar")) {
                for (Path jar : found) {
                    String name = jar.getFileName().toString();
                    if (name.endsWith("-exec.jar")) {
                        return jar;
                    }
                    if (!name.endsWith("-tests.jar") && !name.endsWith("-sources.jar")) {
                        plain = jar;
                    }
                }
            }
            if (plain != null) {
                return plain;
            }
        }
        throw new IllegalStateException("No " + module + " jar in " + target
                + ": build first with ./mvnw -DskipTests package");
    }

    /** The file of JVM options the service's image runs with ({@code /app/jvm.options} in the image). */
    public Path jvmOptionsFile(Path home) {
        return home.resolve(module).resolve("src/main/jib/app/jvm.options");
    }

    /**
     * The JVM options of a deployment, for a service started on this machine: its image's options file, under the
     * memory its container would have (a JVM in a container sizes itself to the container's limit).
     */
    public List<String> deployedJvmOptions(Path home) {
        return List.of("@" + jvmOptionsFile(home), "-XX:MaxRAM=" + memoryLimitMib + "m");
    }

    public String module() {
        return module;
    }

    public String shortName() {
        return shortName;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
