package dev.conclave.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL from a Maven artifact (no Docker, no system package), on a free loopback port, keeping its files in
 * the state directory so rooms, clients and signing keys survive a restart of the local platform.
 */
final class LocalPostgres implements AutoCloseable {

    private static final String DATABASE = "conclave";

    private final EmbeddedPostgres server;
    private final Database database;

    private LocalPostgres(EmbeddedPostgres server, Database database) {
        this.server = server;
        this.database = database;
    }

    static LocalPostgres start(Path dataDirectory) throws IOException, SQLException {
        Files.createDirectories(dataDirectory.getParent());
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start();
        String host = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/";
        createDatabaseIfAbsent(host + "postgres");
        return new LocalPostgres(server, new Database(host + DATABASE, "postgres", "postgres"));
    }

    Database database() {
        return database;
    }

    private static void createDatabaseIfAbsent(String adminUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
