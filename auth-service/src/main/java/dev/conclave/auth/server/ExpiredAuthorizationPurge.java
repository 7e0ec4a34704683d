package dev.conclave.auth.server;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Client-credentials access tokens are recorded for revocation and introspection; once expired (plus a margin)
 * nothing can use them, so they are deleted hourly instead of growing the table forever.
 */
@Component
class ExpiredAuthorizationPurge {

    private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizationPurge.class);
    private static final Duration MARGIN = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ExpiredAuthorizationPurge(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purge() {
        int deleted = jdbc.update("""
                DELETE FROM oauth2_authorization
                 WHERE access_token_expires_at < ? AND refresh_token_value IS NULL""",
                Timestamp.from(clock.instant().minus(MARGIN)));
        if (deleted > 0) {
            log.info("Purged {} expired access-token authorizations", deleted);
        }
    }
}
