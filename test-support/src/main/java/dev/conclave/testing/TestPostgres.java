package dev.conclave.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL per test JVM: a Testcontainers container where a Docker engine answers, otherwise an embedded
 * PostgreSQL (zonky binaries from Maven Central) on a free loopback port. Started on first use, stopped at JVM exit.
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final String DATABASE = "conclave";
    private static PostgresServer server;
    private static Throwable startFailure;

    private TestPostgres() {
    }

    /** The running server; skips the calling test (fails under CI) when none can be started. */
    public static synchronized PostgresServer server() {
        if (server == null && startFailure == null) {
            try {
                server = dockerAvailable() ? startContainer() : startEmbedded();
            } catch (Exception | LinkageError e) {
                startFailure = e;
            }
        }
        if (server == null) {
            throw RequiredServer.unavailable("PostgreSQL",
                    "neither Testcontainers (no Docker engine) nor the embedded server could start: " + startFailure);
        }
        return server;
    }

    /** Another database on the same server, created empty on first use, for tests that need a world of their own. */
    public static synchronized PostgresServer database(String name) {
        PostgresServer main = server();
        PostgresServer other = new PostgresServer(main.host(), main.port(), name, main.username(), main.password());
        String adminUrl = "jdbc:postgresql://" + main.host() + ":" + main.port() + "/" + main.database();
        try (Connection connection = DriverManager.getConnection(adminUrl, main.username(), main.password())) {
            var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return other;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by the JVM shutdown hook below
    private static PostgresServer startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine").withDatabaseName(DATABASE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
        log.info("Test PostgreSQL: Testcontainers {}", container.getJdbcUrl());
        return new PostgresServer(container.getHost(), container.getFirstMappedPort(), DATABASE,
                container.getUsername(), container.getPassword());
    }

    private static PostgresServer startEmbedded() throws IOException, SQLException {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded), "stop-test-postgres"));
        PostgresServer started = new PostgresServer("127.0.0.1", embedded.getPort(), DATABASE, "postgres", "postgres");
        createDatabase(started);
        log.info("Test PostgreSQL: embedded on port {}", embedded.getPort());
        return started;
    }

    private static void createDatabase(PostgresServer target) throws SQLException {
        String adminUrl = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, target.username(), target.password())) {
            connection.createStatement().execute("CREATE DATABASE " + DATABASE);
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            log.warn("Could not stop embedded PostgreSQL", e);
        }
    }
}
