package dev.conclave.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start the platform.
 *
 * @param home          the repository checkout (service jars are found under {@code <module>/target/})
 * @param stateDir      where secrets, logs and the embedded database's files live
 * @param ports         a port per service; 0 picks a free one
 * @param database      an existing PostgreSQL to use, or {@code null} to start an embedded one in {@code stateDir}
 * @param properties    extra Spring properties per service (they win over the defaults set here)
 * @param jvmArgs       options for every service JVM on top of (and overriding) the deployment's own, which each service
 *                       always gets ({@link Service#deployedJvmOptions}); none in the local run
 * @param startTimeout  how long every service together may take to become ready
 * @param echoAllOutput print every line the services log (else only warnings and errors; all of it goes to files)
 * @param signalingNodes how many signaling-service nodes; more than one share rooms through an embedded Redis, and
 *                       take consecutive ports from the signaling port (or free ones when it is 0)
 * @param kmsUrls       Kurento Media Server workers ({@code ws://host:8888/kurento}); when there are any,
 *                       media-service starts and SFU rooms work; none: SFU rooms are unavailable
 * @param signalingJar  the signaling-service jar to run, or {@code null} for the one under its {@code target/} (a
 *                       benchmark runs another build of it, e.g. on another servlet container)
 * @param mediaReplicas how many media-service replicas (with Kurento workers); they share the SFU rooms, each owned
 *                       by one, and take consecutive ports from the media port (gRPC: the media port + 1000 + i)
 */
public record PlatformOptions(Path home, Path stateDir, Map<Service, Integer> ports, Database database,
                              Map<Service, Map<String, String>> properties, List<String> jvmArgs,
                              Duration startTimeout, boolean echoAllOutput, int signalingNodes, List<URI> kmsUrls,
                              Path signalingJar, int mediaReplicas) {

    /**
     * For tests that start several platforms on two cores, not for users: the quick compiler only (start-up CPU), and
     * a smaller heap. Nothing is measured with it.
     */
    public static final List<String> QUICK_START_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx384m");

    public PlatformOptions {
        ports = Map.copyOf(ports);
        Map<Service, Map<String, String>> copy = new EnumMap<>(Service.class);
        properties.forEach((service, values) -> copy.put(service, Map.copyOf(values)));
        properties = copy;
        jvmArgs = List.copyOf(jvmArgs);
        kmsUrls = List.copyOf(kmsUrls);
    }

    public boolean hasMedia() {
        return !kmsUrls.isEmpty();
    }

    /** The local default: fixed well-known ports, an embedded database under {@code .conclave/local}. */
    public static PlatformOptions localDefaults(Path home) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
        return new PlatformOptions(home, home.resolve(".conclave/local"), ports, null, new HashMap<>(), List.of(),
                Duration.ofMinutes(3), false, 1, List.of(), null, 1);
    }

    public int port(Service service) {
        return ports.getOrDefault(service, service.defaultPort());
    }

    public PlatformOptions withPorts(Map<Service, Integer> newPorts) {
        return new PlatformOptions(home, stateDir, newPorts, database, properties, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withDatabase(Database newDatabase) {
        return new PlatformOptions(home, stateDir, ports, newDatabase, properties, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withStateDir(Path newStateDir) {
        return new PlatformOptions(home, newStateDir, ports, database, properties, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withProperties(Service service, Map<String, String> extra) {
        Map<Service, Map<String, String>> merged = new EnumMap<>(Service.class);
        merged.putAll(properties);
        Map<String, String> values = new HashMap<>(merged.getOrDefault(service, Map.of()));
        values.putAll(extra);
        merged.put(service, values);
        return new PlatformOptions(home, stateDir, ports, database, merged, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withSignalingNodes(int nodes) {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("between 1 and 9 signaling nodes");
        }
        return new PlatformOptions(home, stateDir, ports, database, properties, jvmArgs, startTimeout, echoAllOutput,
                nodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withMediaReplicas(int replicas) {
        if (replicas < 1 || replicas > 9) {
            throw new IllegalArgumentException("between 1 and 9 media-service replicas");
        }
        return new PlatformOptions(home, stateDir, ports, database, properties, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, signalingJar, replicas);
    }

    /** Options for every service JVM on top of the deployment's (later ones win). */
    public PlatformOptions withJvmArgs(List<String> args) {
        return new PlatformOptions(home, stateDir, ports, database, properties, args, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withEchoAllOutput(boolean echo) {
        return new PlatformOptions(home, stateDir, ports, database, properties, jvmArgs, startTimeout, echo,
                signalingNodes, kmsUrls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withKmsUrls(List<URI> urls) {
        for (URI url : urls) {
            if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
                throw new IllegalArgumentException("a Kurento URL is ws://host:port/kurento, not " + url);
            }
        }
        return new PlatformOptions(home, stateDir, ports, database, properties, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, urls, signalingJar, mediaReplicas);
    }

    public PlatformOptions withSignalingJar(Path jar) {
        return new PlatformOptions(home, stateDir, ports, database, properties, jvmArgs, startTimeout, echoAllOutput,
                signalingNodes, kmsUrls, jar, mediaReplicas);
    }
}
