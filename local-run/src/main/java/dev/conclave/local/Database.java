package dev.conclave.local;

/** Where the services' PostgreSQL answers; every service keeps its own schema in this one database. */
public record Database(String jdbcUrl, String username, String password) {
}
