package dev.conclave.testing.faults;

import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.RequiredServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL of a test's own that it may kill (SIGKILL, the postmaster and every backend, as an OOM kill of its
 * container would), stop (a fast shutdown) and start again on the same port with the same data: the embedded
 * binaries (zonky) on loopback. Unlike {@code TestPostgres}, never a container, and never shared.
 */
public final class RestartablePostgres implements AutoCloseable {

    private static final String USER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Started, with an empty database {@code database}; skips the calling test (fails under CI) if it cannot. */
    public static RestartablePostgres start(String database) {
        try {
            Path parent = Files.createTempDirectory("restartable-postgres");
            parent.toFile().setExecutable(true, false); // the server may drop to another user
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            RestartablePostgres postgres = new RestartablePostgres(parent.resolve("data"), port);
            postgres.startAgain();
            try (Connection connection = DriverManager.getConnection(postgres.url("postgres"), USER, USER)) {
                connection.createStatement().execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            }
            return postgres;
        } catch (IOException | SQLException | RuntimeException e) {
            throw RequiredServer.unavailable("PostgreSQL", "the embedded server could not start: " + e);
        }
    }

    public int port() {
        return port;
    }

    /** Where database {@code database} of this server answers. */
    public PostgresServer server(String database) {
        return new PostgresServer("127.0.0.1", port, database, USER, USER);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts it again on its port with its data (after a kill: PostgreSQL's crash recovery). */
    public synchronized void startAgain() throws IOException {
        if (server != null) {
            return;
        }
        // synchronous_commit on: zonky turns it off, and a killed server would then lose its last commits — an
        // artefact of the test server that real ones (where it is on) do not have
        server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on").setPort(port).setRegisterShutdownHook(false).setPGStartupWait(Duration.ofSeconds(30)).start();
    }

    /** A fast shutdown: clients are disconnected, the server exits cleanly. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            EmbeddedPostgres stopping = server;
            server = null;
            stopping.close();
        }
    }

    /** SIGKILL to the postmaster and all its backends at once; waits until every one of them is gone. */
    public synchronized void kill() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isPresent()) {
            List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.get().descendants().toList());
            all.add(postmaster.get());
            all.forEach(ProcessHandle::destroyForcibly);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        EmbeddedPostgres killed = server;
        server = null;
        killed.close(); // releases its lock on the data directory ("pg_ctl stop" fails and says so: it is gone)
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (IOException ignored) {
            // the JVM is going anyway
        }
    }

    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        return ProcessHandle.of(pid);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }
}
