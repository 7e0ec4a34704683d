package dev.conclave.signaling.error;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A request failed because a store it needs — PostgreSQL, Redis — is away, not because of the request or a bug: the
 * client is told {@code UNAVAILABLE} with when to try again, and nothing is logged as an internal error.
 */
public final class Outages {

    /** How long a client waits before trying again: the database or Redis is usually back within seconds. */
    public static final long RETRY_AFTER_MS = 2_000;

    private Outages() {
    }

    /** Whether {@code failure}, or anything that caused it, says a store could not be reached. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessResourceException
                    || cause instanceof QueryTimeoutException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            // SQLSTATE class 08, connection exception (the driver's I/O errors: 08006); and Hikari's "Connection is
            // closed" (no SQLSTATE), which is what is left when the rollback after a query broken by a reset or a
            // socket timeout fails too and hides the first failure
            if (cause instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage()))) {
                return true;
            }
            // Lettuce says "not connected, commands are rejected", "connection closed", a timeout or a failed
            // connection with RedisException or a subclass; only an error Redis itself answered (a wrong type, a
            // script error) is the request's or a bug's fault.
            if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) {
                return true;
            }
        }
        return false;
    }

    /** What the client is told instead of an internal error. */
    public static ConclaveException unavailable() {
        return new ConclaveException(ErrorCode.UNAVAILABLE,
                "a store this needs (database or Redis) is unavailable; try again in a moment",
                Map.of("retryAfterMs", RETRY_AFTER_MS));
    }
}
