package dev.conclave.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine: PostgreSQL (embedded unless one is given), Redis when several signaling nodes
 * share rooms, then auth-service, media-service (when Kurento workers are given), the signaling-service node(s) and
 * gateway-service, each its own JVM, each waited for until ready. Closing stops them in reverse order. What each is
 * told about the others is {@link ServiceWiring}'s.
 */
public final class LocalPlatform implements AutoCloseable {

    /** An API client with every room-management scope, for trying the REST API locally. */
    public static final String LOCAL_BACKEND_CLIENT_ID = ServiceWiring.LOCAL_BACKEND_CLIENT_ID;

    private final PlatformOptions options;
    private final PrintStream console;
    private final Map<Service, Path> jars = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final List<Integer> signalingPorts = new ArrayList<>();
    private final List<ServiceProcess> signalingNodes = new ArrayList<>();
    private ServiceProcess auth;
    /** media-service replica 1 first; empty without Kurento workers. */
    private final List<ServiceProcess> mediaReplicas = new ArrayList<>();
    private final List<Integer> mediaPorts = new ArrayList<>();
    private final List<Integer> mediaGrpcPorts = new ArrayList<>();
    private int gatewayManagementPort;
    private ServiceProcess gateway;
    private LocalPostgres embeddedPostgres;
    private LocalRedis redis;
    private Database database;
    private LocalSecrets secrets;
    /** What each service is told about the others; set once the ports, the database and the secrets are known. */
    private ServiceWiring wiring;

    private LocalPlatform(PlatformOptions options, PrintStream console) {
        this.options = options;
        this.console = console;
    }

    /** Starts everything, or stops what it started and throws. */
    public static LocalPlatform start(PlatformOptions options, PrintStream console) throws IOException, InterruptedException {
        LocalPlatform platform = new LocalPlatform(options, console);
        try {
            platform.startAll();
            return platform;
        } catch (IOException | InterruptedException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return ServiceWiring.gatewayUrl(port(Service.GATEWAY));
    }

    /** Whether media-service runs (Kurento workers were given): SFU rooms work. */
    public boolean hasMedia() {
        return options.hasMedia();
    }

    /** media-service's gRPC port (when it runs). */
    /** The gateway's actuator (health, Prometheus): not on its public port. */
    public int gatewayManagementPort() {
        return gatewayManagementPort;
    }

    public int mediaGrpcPort() {
        return mediaGrpcPorts.get(0);
    }

    /** The gRPC port of each media-service replica, replica 1 first. */
    public List<Integer> mediaGrpcPorts() {
        return List.copyOf(mediaGrpcPorts);
    }

    /** The HTTP port (REST API, actuator) of each media-service replica, replica 1 first. */
    public List<Integer> mediaPorts() {
        return List.copyOf(mediaPorts);
    }

    /** The replica id of media-service replica {@code replica} (1-based). */
    public static String mediaReplicaId(int replica) {
        return "local-media-" + replica;
    }

    /** The service's port; for signaling, the first node's. */
    public int port(Service service) {
        return ports.get(service);
    }

    /** The port of each signaling node, node 1 first. */
    public List<Integer> signalingPorts() {
        return List.copyOf(signalingPorts);
    }

    /** The node id of signaling node {@code node} (1-based). */
    public static String signalingNodeId(int node) {
        return "local-signaling-" + node;
    }

    public Database database() {
        return database;
    }

    /** The operating-system process id of a service (for signaling, node 1's), to watch its CPU and memory. */
    public long pid(Service service) {
        return switch (service) {
            case AUTH -> auth.pid();
            case MEDIA -> mediaReplicas.get(0).pid();
            case SIGNALING -> signalingNodes.get(0).pid();
            case GATEWAY -> gateway.pid();
        };
    }

    /**
     * Whether the platform can go on: auth, the gateway and media-service (when it runs) are up, and at least one
     * signaling node. With several nodes, one that died is {@link #deadSignalingNodes() restarted}, not fatal.
     */
    public boolean essentialAlive() {
        List<ServiceProcess> essential = new ArrayList<>(List.of(auth, gateway));
        return essential.stream().allMatch(process -> process != null && process.isAlive())
                && signalingNodes.stream().anyMatch(ServiceProcess::isAlive)
                && (!options.hasMedia() || mediaReplicas.stream().anyMatch(ServiceProcess::isAlive));
    }

    /** The signaling nodes (1-based) whose process has ended. */
    public List<Integer> deadSignalingNodes() {
        List<Integer> dead = new ArrayList<>();
        for (int node = 1; node <= signalingNodes.size(); node++) {
            if (!signalingNodes.get(node - 1).isAlive()) {
                dead.add(node);
            }
        }
        return dead;
    }

    /** The name a signaling node has in the console and its log, e.g. {@code signaling-2}. */
    public String signalingNodeName(int node) {
        return nodeName(node);
    }

    public boolean allAlive() {
        List<ServiceProcess> all = new ArrayList<>(signalingNodes);
        all.add(auth);
        all.add(gateway);
        all.addAll(mediaReplicas);
        return all.stream().allMatch(process -> process != null && process.isAlive());
    }

    /** The secret of the {@value #LOCAL_BACKEND_CLIENT_ID} API client. */
    public String localBackendSecret() {
        return secrets.backendClientSecret();
    }

    /** The file the local secrets are kept in. */
    public Path secretsFile() {
        return options.stateDir().resolve("secrets.properties");
    }

    /** The log file a service writes to (for signaling, node 1's). */
    public Path logFile(Service service) {
        return logFile(service == Service.SIGNALING ? nodeName(1) : service == Service.MEDIA ? mediaName(1)
                : service.shortName());
    }

    /**
     * Kills auth-service, media-service or the gateway at once, with SIGKILL: a crash (signaling nodes have their own
     * {@link #killSignalingNode}).
     */
    public void kill(Service service) throws InterruptedException {
        console.println("Killing " + service.shortName() + " (SIGKILL) …");
        process(service).kill();
    }

    /**
     * Starts auth-service, media-service (replica 1) or the gateway again, on its port, and waits until it is ready.
     */
    public void startAgain(Service service) throws IOException, InterruptedException {
        if (service == Service.MEDIA) {
            restartMediaReplica(1);
            return;
        }
        ServiceProcess old = process(service);
        old.stop(Duration.ofSeconds(30));
        ServiceProcess started = startProcess(service.shortName(), service, port(service), wiring.properties(service));
        if (service == Service.GATEWAY) {
            started.withHealthPort(gatewayManagementPort);
        }
        switch (service) {
            case AUTH -> auth = started;
            case GATEWAY -> gateway = started;
            case MEDIA -> throw new IllegalStateException("media-service restarts with restartMediaReplica");
            case SIGNALING -> throw new IllegalArgumentException("signaling nodes restart with restartSignalingNode");
        }
        started.awaitReady(Instant.now().plus(options.startTimeout()));
    }

    private ServiceProcess process(Service service) {
        ServiceProcess process = switch (service) {
            case AUTH -> auth;
            case MEDIA -> mediaReplicas.isEmpty() ? null : mediaReplicas.get(0);
            case GATEWAY -> gateway;
            case SIGNALING -> throw new IllegalArgumentException("signaling nodes are killed with killSignalingNode");
        };
        if (process == null) {
            throw new IllegalStateException(service.shortName() + " is not running in this platform");
        }
        return process;
    }

    /** Kills media-service replica {@code replica} (1-based) at once, with SIGKILL. */
    public void killMediaReplica(int replica) throws InterruptedException {
        console.println("Killing " + mediaName(replica) + " (SIGKILL) …");
        mediaReplicas.get(replica - 1).kill();
    }

    /**
     * Starts media-service replica {@code replica} (1-based) again, on its ports and with its replica id, so it takes
     * back at once the rooms no other replica took over meanwhile; waits until it is ready.
     */
    public void restartMediaReplica(int replica) throws IOException, InterruptedException {
        mediaReplicas.get(replica - 1).stop(Duration.ofSeconds(30));
        ServiceProcess restarted = startMediaReplica(replica);
        mediaReplicas.set(replica - 1, restarted);
        restarted.awaitReady(Instant.now().plus(options.startTimeout()));
    }

    /** Kills signaling node {@code node} (1-based) at once, with SIGKILL: a crash, as far as anyone can tell. */
    public void killSignalingNode(int node) throws InterruptedException {
        console.println("Killing " + nodeName(node) + " (SIGKILL) …");
        signalingNodes.get(node - 1).kill();
    }

    /** Stops signaling node {@code node} (1-based) cleanly, with SIGTERM, waiting for it to exit. */
    public void stopSignalingNode(int node) throws InterruptedException {
        console.println("Stopping " + nodeName(node) + " (SIGTERM) …");
        signalingNodes.get(node - 1).stop(Duration.ofSeconds(30));
    }

    /** Starts signaling node {@code node} (1-based) again, on its port, and waits until it is ready. */
    public void restartSignalingNode(int node) throws IOException, InterruptedException {
        signalingNodes.get(node - 1).stop(Duration.ofSeconds(30));
        ServiceProcess restarted = startSignalingNode(node);
        signalingNodes.set(node - 1, restarted);
        restarted.awaitReady(Instant.now().plus(options.startTimeout()));
    }

    private void startAll() throws IOException, InterruptedException {
        for (Service service : Service.values()) {
            if (service == Service.MEDIA && !options.hasMedia()) {
                continue;
            }
            jars.put(service, findJar(service));
            ports.put(service, ServicePorts.choose(options.port(service), service.shortName()));
        }
        gatewayManagementPort = ServicePorts.choose(
                options.port(Service.GATEWAY) == 0 ? 0 : options.port(Service.GATEWAY) + 1000, "gateway management");
        if (options.hasMedia()) {
            int mediaPort = options.port(Service.MEDIA);
            mediaPorts.add(ports.get(Service.MEDIA));
            for (int replica = 1; replica <= options.mediaReplicas(); replica++) {
                if (replica > 1) {
                    mediaPorts.add(ServicePorts.choose(mediaPort == 0 ? 0 : mediaPort + replica - 1, "media"));
                }
                mediaGrpcPorts.add(ServicePorts.choose(mediaPort == 0 ? 0 : mediaPort + 1000 + replica - 1,
                        "media gRPC"));
            }
        }
        signalingPorts.add(ports.get(Service.SIGNALING));
        int basePort = options.port(Service.SIGNALING);
        for (int node = 2; node <= options.signalingNodes(); node++) {
            signalingPorts.add(ServicePorts.choose(basePort == 0 ? 0 : basePort + node - 1, "signaling"));
        }
        clearLogs();
        database = options.database() != null ? options.database() : startEmbeddedPostgres();
        if (options.signalingNodes() > 1) {
            console.println("Starting embedded Redis for " + options.signalingNodes() + " signaling nodes …");
            redis = LocalRedis.start(logFile("redis"));
        }
        secrets = LocalSecrets.loadOrCreate(secretsFile());
        wiring = new ServiceWiring(options, ports, signalingPorts, mediaGrpcPorts, gatewayManagementPort, database,
                secrets);
        Instant deadline = Instant.now().plus(options.startTimeout());
        auth = startProcess(Service.AUTH.shortName(), Service.AUTH, port(Service.AUTH), wiring.properties(Service.AUTH));
        auth.awaitReady(deadline);
        if (options.hasMedia()) {
            // one after another: the first migrates the database, and the others start faster on a warm disk
            for (int replica = 1; replica <= options.mediaReplicas(); replica++) {
                ServiceProcess started = startMediaReplica(replica);
                mediaReplicas.add(started);
                started.awaitReady(deadline);
            }
        }
        for (int node = 1; node <= options.signalingNodes(); node++) {
            signalingNodes.add(startSignalingNode(node));
        }
        for (ServiceProcess node : signalingNodes) {
            node.awaitReady(deadline);
        }
        gateway = startProcess(Service.GATEWAY.shortName(), Service.GATEWAY, port(Service.GATEWAY),
                wiring.properties(Service.GATEWAY)).withHealthPort(gatewayManagementPort);
        gateway.awaitReady(deadline);
    }

    private ServiceProcess startSignalingNode(int node) throws IOException {
        Map<String, String> properties = wiring.properties(Service.SIGNALING);
        int port = signalingPorts.get(node - 1);
        properties.put("server.port", Integer.toString(port));
        properties.put("conclave.signaling.node-id", signalingNodeId(node));
        if (redis != null) {
            properties.put("conclave.signaling.cluster.mode", "redis");
            properties.put("conclave.signaling.cluster.redis-uri", redis.uri());
        }
        properties.putAll(options.properties().getOrDefault(Service.SIGNALING, Map.of()));
        return startProcess(nodeName(node), Service.SIGNALING, port, properties);
    }

    private ServiceProcess startMediaReplica(int replica) throws IOException {
        Map<String, String> properties = wiring.properties(Service.MEDIA);
        int port = mediaPorts.get(replica - 1);
        properties.put("server.port", Integer.toString(port));
        properties.put("conclave.media.grpc.port", Integer.toString(mediaGrpcPorts.get(replica - 1)));
        properties.put("conclave.media.replica.id", mediaReplicaId(replica));
        properties.put("conclave.media.replica.advertised-address", "127.0.0.1:" + mediaGrpcPorts.get(replica - 1));
        properties.putAll(options.properties().getOrDefault(Service.MEDIA, Map.of()));
        return startProcess(mediaName(replica), Service.MEDIA, port, properties);
    }

    private String mediaName(int replica) {
        return options.mediaReplicas() == 1 ? Service.MEDIA.shortName() : Service.MEDIA.shortName() + "-" + replica;
    }

    private ServiceProcess startProcess(String name, Service service, int port, Map<String, String> properties)
            throws IOException {
        console.println("Starting " + name + " on port " + port + " …");
        List<String> jvm = new ArrayList<>(service.deployedJvmOptions(options.home()));
        jvm.addAll(options.jvmArgs()); // after the deployment's: they win
        return ServiceProcess.start(name, jars.get(service), port, properties, jvm, logFile(name),
                options.echoAllOutput(), console);
    }

    private String nodeName(int node) {
        return options.signalingNodes() == 1 ? Service.SIGNALING.shortName() : Service.SIGNALING.shortName() + "-" + node;
    }

    /** Each run starts with empty logs; a node restarted during the run appends to its own. */
    private void clearLogs() throws IOException {
        Path logs = options.stateDir().resolve("logs");
        if (Files.isDirectory(logs)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(logs, "*.log")) {
                for (Path log : old) {
                    Files.delete(log);
                }
            }
        }
    }

    private Path logFile(String name) {
        return options.stateDir().resolve("logs").resolve(name + ".log");
    }

    private Database startEmbeddedPostgres() throws IOException {
        Path dataDirectory = options.stateDir().resolve("pgdata");
        console.println("Starting embedded PostgreSQL (data in " + dataDirectory + ") …");
        try {
            embeddedPostgres = LocalPostgres.start(dataDirectory);
        } catch (SQLException e) {
            throw new IOException("The embedded PostgreSQL started but its database could not be created", e);
        }
        return embeddedPostgres.database();
    }

    /** The service's runnable jar, or the signaling jar the options name. */
    private Path findJar(Service service) throws IOException {
        if (service == Service.SIGNALING && options.signalingJar() != null) {
            return options.signalingJar();
        }
        return service.runnableJar(options.home());
    }

    @Override
    public void close() {
        List<ServiceProcess> stopping = new ArrayList<>();
        stopping.add(gateway);
        for (int node = signalingNodes.size() - 1; node >= 0; node--) {
            stopping.add(signalingNodes.get(node));
        }
        for (int replica = mediaReplicas.size() - 1; replica >= 0; replica--) {
            stopping.add(mediaReplicas.get(replica));
        }
        stopping.add(auth);
        for (ServiceProcess process : stopping) {
            if (process == null) {
                continue;
            }
            try {
                process.stop(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        signalingNodes.clear();
        gateway = null;
        mediaReplicas.clear();
        auth = null;
        closeQuietly(redis, "Redis");
        redis = null;
        closeQuietly(embeddedPostgres, "PostgreSQL");
        embeddedPostgres = null;
    }

    private void closeQuietly(AutoCloseable server, String what) {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                console.println("Could not stop the embedded " + what + " cleanly: " + e.getMessage());
            }
        }
    }
}
