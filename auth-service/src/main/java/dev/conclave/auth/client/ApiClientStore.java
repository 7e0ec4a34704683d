package dev.conclave.auth.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.util.StringUtils;

/**
 * What the admin API reads and writes next to Spring Authorization Server's own tables: the registered clients with
 * their {@code api_client_details}, and the deletion of a client with every authorization (issued access token)
 * recorded for it. Secrets are never read here.
 */
@Repository
class ApiClientStore {

    private static final String SELECT = """
            SELECT c.id, c.client_id, c.scopes, c.client_id_issued_at, d.description, d.secret_rotated_at
              FROM oauth2_registered_client c
              LEFT JOIN api_client_details d ON d.registered_client_id = c.id
            """;

    private final JdbcTemplate jdbc;

    ApiClientStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> findAll() {
        return jdbc.query(SELECT + " ORDER BY c.client_id", ApiClientStore::row);
    }

    Optional<Row> find(String clientId) {
        return jdbc.query(SELECT + " WHERE c.client_id = ?", ApiClientStore::row, clientId).stream().findFirst();
    }

    void insertDetails(String registeredClientId, String description) {
        jdbc.update("INSERT INTO api_client_details (registered_client_id, description) VALUES (?, ?)",
                registeredClientId, description);
    }

    void secretRotated(String registeredClientId, Instant at) {
        jdbc.update("""
                INSERT INTO api_client_details (registered_client_id, secret_rotated_at) VALUES (?, ?)
                ON CONFLICT (registered_client_id) DO UPDATE SET secret_rotated_at = EXCLUDED.secret_rotated_at""",
                registeredClientId, Timestamp.from(at));
    }

    /** Deletes the client, its details and its recorded authorizations; returns how many authorizations went. */
    int delete(String registeredClientId) {
        int authorizations = jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?",
                registeredClientId);
        jdbc.update("DELETE FROM oauth2_registered_client WHERE id = ?", registeredClientId);
        return authorizations;
    }

    private static Row row(ResultSet rs, int rowNumber) throws SQLException {
        Timestamp rotated = rs.getTimestamp("secret_rotated_at");
        return new Row(rs.getString("id"), rs.getString("client_id"),
                // Spring Authorization Server stores scopes comma-delimited and reads them back with this method.
                StringUtils.commaDelimitedListToSet(rs.getString("scopes")),
                rs.getTimestamp("client_id_issued_at").toInstant(), rs.getString("description"),
                rotated == null ? null : rotated.toInstant());
    }

    record Row(String registeredClientId, String clientId, Set<String> scopes, Instant createdAt, String description,
               Instant secretRotatedAt) {

        ApiClient toClient(boolean bootstrap) {
            return new ApiClient(clientId, scopes, createdAt, description, secretRotatedAt, bootstrap);
        }
    }
}
