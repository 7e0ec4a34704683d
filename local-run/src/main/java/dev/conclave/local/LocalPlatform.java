package dev.conclave.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine: PostgreSQL (embedded unless one is given), then auth-service,
 * signaling-service and gateway-service, each its own JVM, each waited for until ready. Closing stops them in
 * reverse order.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final String SIGNALING_CLIENT_ID = "signaling-service";
    /** An API client with every room-management scope, for trying the REST API locally. */
    public static final String LOCAL_BACKEND_CLIENT_ID = "local-backend";

    private final PlatformOptions options;
    private final PrintStream console;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private LocalPostgres embeddedPostgres;
    private Database database;

    private LocalSecrets secrets;

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
        return "http://localhost:" + port(Service.GATEWAY) + "/";
    }

    public int port(Service service) {
        return ports.get(service);
    }

    public Database database() {
        return database;
    }

    public boolean allAlive() {
        return processes.stream().allMatch(ServiceProcess::isAlive);
    }

    /** The secret of the {@value #LOCAL_BACKEND_CLIENT_ID} API client. */
    public String localBackendSecret() {
        return secrets.backendClientSecret();
    }

    /** The file the local secrets are kept in. */
    public Path secretsFile() {
        return options.stateDir().resolve("secrets.properties");
    }

    /** The log file a service writes to. */
    public Path logFile(Service service) {
        return options.stateDir().resolve("logs").resolve(service.shortName() + ".log");
    }

    private void startAll() throws IOException, InterruptedException {
        Map<Service, Path> jars = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            jars.put(service, findJar(service));
            ports.put(service, choosePort(service));
        }
        database = options.database() != null ? options.database() : startEmbeddedPostgres();
        secrets = LocalSecrets.loadOrCreate(options.stateDir().resolve("secrets.properties"));
        Instant deadline = Instant.now().plus(options.startTimeout());
        for (Service service : Service.values()) {
            console.println("Starting " + service.module() + " on port " + ports.get(service) + " …");
            ServiceProcess process = ServiceProcess.start(service, jars.get(service), ports.get(service),
                    properties(service, secrets), options.jvmArgs(), logFile(service), options.echoAllOutput(), console);
            processes.add(process);
            process.awaitReady(deadline);
        }
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

    private Map<String, String> properties(Service service, LocalSecrets secrets) {
        String authUrl = "http://127.0.0.1:" + ports.get(Service.AUTH);
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", Integer.toString(ports.get(service)));
        switch (service) {
            case AUTH -> {
                putDatabase(properties);
                properties.put("conclave.auth.issuer", authUrl);
                properties.put("conclave.auth.signing.key-encryption-secret", secrets.keyEncryptionSecret());
                properties.put("conclave.auth.bootstrap.clients[0].client-id", SIGNALING_CLIENT_ID);
                properties.put("conclave.auth.bootstrap.clients[0].client-secret", secrets.signalingClientSecret());
                properties.put("conclave.auth.bootstrap.clients[0].scopes[0]", "join-tokens:mint");
                properties.put("conclave.auth.bootstrap.clients[1].client-id", LOCAL_BACKEND_CLIENT_ID);
                properties.put("conclave.auth.bootstrap.clients[1].client-secret", secrets.backendClientSecret());
                properties.put("conclave.auth.bootstrap.clients[1].scopes", "rooms:read,rooms:write,webhooks:manage");
                properties.put("conclave.auth.admin.password", secrets.adminPassword());
            }
            case SIGNALING -> {
                putDatabase(properties);
                properties.put("conclave.signaling.node-id", "local-signaling-1");
                properties.put("conclave.signaling.join-tokens.auth-uri", authUrl);
                properties.put("conclave.signaling.join-tokens.issuer", authUrl);
                properties.put("spring.security.oauth2.client.registration.auth-service.client-id", SIGNALING_CLIENT_ID);
                properties.put("spring.security.oauth2.client.registration.auth-service.client-secret",
                        secrets.signalingClientSecret());
                properties.put("conclave.signaling.api.public-url", gatewayUrl());
                int target = 0;
                for (Service platformService : List.of(Service.GATEWAY, Service.AUTH)) {
                    for (String host : List.of("127.0.0.1", "localhost")) {
                        properties.put("conclave.signaling.webhooks.forbidden-targets[" + target++ + "]",
                                host + ":" + ports.get(platformService));
                    }
                }
            }
            case GATEWAY -> {
                properties.put("conclave.gateway.upstreams.signaling", "http://127.0.0.1:" + ports.get(Service.SIGNALING));
                properties.put("conclave.gateway.upstreams.auth", authUrl);
            }
        }
        properties.putAll(options.properties().getOrDefault(service, Map.of()));
        return properties;
    }

    private void putDatabase(Map<String, String> properties) {
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
    }

    private Path findJar(Service service) throws IOException {
        Path target = options.home().resolve(service.module()).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, service.module() + "-*.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("No " + service.module() + " jar in " + target
                + ": build first with ./mvnw -DskipTests package");
    }

    private int choosePort(Service service) throws IOException {
        int wanted = options.port(service);
        try (ServerSocket socket = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException inUse) {
            throw new IllegalStateException("Port " + wanted + " for " + service.module()
                    + " is in use; choose another with --" + service.shortName() + "-port=N", inUse);
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            ServiceProcess process = processes.get(i);
            try {
                process.stop(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (embeddedPostgres != null) {
            try {
                embeddedPostgres.close();
            } catch (IOException e) {
                console.println("Could not stop the embedded PostgreSQL cleanly: " + e.getMessage());
            }
            embeddedPostgres = null;
        }
    }
}
