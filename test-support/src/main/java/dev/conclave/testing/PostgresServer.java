package dev.conclave.testing;

/**
 * Where a running PostgreSQL server answers: one database ({@code conclave}) that every service schema lives in.
 */
public record PostgresServer(String host, int port, String database, String username, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
