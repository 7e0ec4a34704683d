package dev.conclave.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("servers a fault test may kill and start again")
class RestartableServersIT {

    @Nested
    @DisplayName("Redis")
    class Redis {

        @Test
        @DisplayName("killed, stops answering at once; started again, answers on the same port, empty")
        void killedAndStartedAgain() throws Exception {
            try (RestartableRedis redis = RestartableRedis.start()) {
                assertThat(RestartableRedis.answersPing(redis.port())).isTrue();
                redis.kill();
                assertThat(redis.isRunning()).isFalse();
                assertThat(RestartableRedis.answersPing(redis.port())).isFalse();
                redis.startAgain();
                assertThat(RestartableRedis.answersPing(redis.port())).isTrue();
                redis.stop();
                assertThat(RestartableRedis.answersPing(redis.port())).isFalse();
            }
        }
    }

    @Nested
    @DisplayName("PostgreSQL")
    class Postgres {

        @Test
        @DisplayName("killed (every process), refuses connections; started again on the same port, keeps its committed rows")
        void killedAndStartedAgain() throws Exception {
            try (RestartablePostgres postgres = RestartablePostgres.start("restartable")) {
                PostgresServer database = postgres.server("restartable");
                try (Connection connection = connect(database)) {
                    connection.createStatement().execute("CREATE TABLE kept (id int)");
                    connection.createStatement().execute("INSERT INTO kept VALUES (1), (2)");
                }
                postgres.kill();
                assertThatThrownBy(() -> connect(database).close()).isInstanceOf(SQLException.class);

                postgres.startAgain();
                assertThat(count(database)).isEqualTo(2);

                postgres.stop();
                assertThatThrownBy(() -> connect(database).close()).isInstanceOf(SQLException.class);
                postgres.startAgain();
                assertThat(count(database)).isEqualTo(2);
            }
        }

        private Connection connect(PostgresServer database) throws SQLException {
            return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
        }

        private int count(PostgresServer database) throws SQLException {
            try (Connection connection = connect(database);
                 ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM kept")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
