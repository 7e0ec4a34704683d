package dev.conclave.signaling.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog as a gauge, {@code conclave.webhooks.pending}: deliveries not yet made (due, backing off after a
 * failure, or waiting behind an earlier event of their room). Shared by every node, so each reports the same figure;
 * counted every 15 s rather than at each scrape, so scrapes never wait on the database.
 */
@Component
class WebhookBacklog {

    private final JdbcTemplate jdbc;
    private final AtomicLong pending = new AtomicLong();

    WebhookBacklog(JdbcTemplate jdbc, MeterRegistry metrics) {
        this.jdbc = jdbc;
        Gauge.builder("conclave.webhooks.pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet made, across the cluster").register(metrics);
    }

    @Scheduled(fixedDelay = 15_000, initialDelay = 1_000)
    void count() {
        try {
            Long count = jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING'", Long.class);
            pending.set(count == null ? 0 : count);
        } catch (DataAccessException e) {
            // the database is away: keep the last figure; readiness reports the outage
        }
    }
}
