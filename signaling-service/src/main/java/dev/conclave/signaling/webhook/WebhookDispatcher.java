package dev.conclave.signaling.webhook;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivers the outbox, at least once, in order per endpoint and room: only the oldest undone delivery of each
 * (endpoint, room) is ever attempted, so a later event never overtakes an earlier one, and a failing one is retried
 * with exponential back-off until it succeeds or the give-up time passes. Deliveries are claimed for a while before
 * they are attempted, so several signaling nodes can run this side by side. A worker that has delivered the head of a
 * queue claims the next one of the same queue and goes on (up to {@value #BATCH} in a row), so a room's backlog —
 * sixty people joining at once is sixty events — drains at the receiver's pace, not at one event per poll.
 */
@Component
class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final WebhookSender sender;
    private final WebhookUrlPolicy urls;
    private final WebhookProperties properties;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ExecutorService workers;
    private final Semaphore idleWorkers;

    WebhookDispatcher(JdbcTemplate jdbc, TransactionTemplate transactions, WebhookSender sender, WebhookUrlPolicy urls,
                      WebhookProperties properties, Clock clock, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sender = sender;
        this.urls = urls;
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
        this.idleWorkers = new Semaphore(properties.concurrency());
        this.workers = Executors.newFixedThreadPool(properties.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Hands the due heads of as many queues as there are idle workers to them, and returns: the scheduler's thread
     * (shared with liveness checks and heartbeats) never waits for a receiver.
     */
    @Scheduled(fixedDelayString = "${conclave.signaling.webhooks.poll-interval}")
    void dispatchDue() {
        int idle = idleWorkers.availablePermits();
        if (idle == 0) {
            return;
        }
        for (Long head : claimDue(Math.min(idle, BATCH))) {
            idleWorkers.acquireUninterruptibly(); // only this method takes permits: the ones counted above are there
            try {
                workers.execute(() -> {
                    try {
                        drain(head);
                    } catch (RuntimeException e) {
                        log.error("Webhook attempt failed unexpectedly", e);
                    } finally {
                        idleWorkers.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                idleWorkers.release();
                return; // the claim lapses; the next node to poll delivers it
            }
        }
    }

    /** The due heads of the per-(endpoint, room) queues, claimed for this node. */
    private List<Long> claimDue(int limit) {
        Instant now = clock.instant();
        Timestamp nowTs = Timestamp.from(now);
        List<Long> heads = jdbc.queryForList("""
                SELECT id FROM (
                    SELECT DISTINCT ON (endpoint_id, room_id) id, next_attempt_at, claimed_until
                      FROM webhook_delivery WHERE status = 'PENDING'
                     ORDER BY endpoint_id, room_id, event_seq) heads
                 WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                 ORDER BY next_attempt_at LIMIT ?""", Long.class, nowTs, nowTs, limit);
        Timestamp claimUntil = claimUntil(now);
        List<Long> claimed = new ArrayList<>();
        for (Long id : heads) {
            int updated = jdbc.update("""
                    UPDATE webhook_delivery SET claimed_until = ?
                     WHERE id = ? AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)""",
                    claimUntil, id, nowTs);
            if (updated == 1) {
                claimed.add(id);
            }
        }
        return claimed;
    }

    /**
     * Long enough for one attempt (bounded by the request timeout) and its bookkeeping; a node that dies holding a
     * claim delays its queue by no more than this.
     */
    private Timestamp claimUntil(Instant now) {
        return Timestamp.from(now.plus(properties.requestTimeout()).plusSeconds(5));
    }

    /** Attempts a claimed head, then the heads after it in the same queue while they are delivered and due. */
    private void drain(long head) {
        Long delivery = head;
        for (int inARow = 0; delivery != null && inARow < BATCH; inARow++) {
            Due due = attempt(delivery);
            delivery = due == null ? null : claimNextInQueue(due);
        }
    }

    /** The queue's new head, claimed for this node, if it is due and nobody else holds it. */
    private Long claimNextInQueue(Due delivered) {
        Instant now = clock.instant();
        Timestamp nowTs = Timestamp.from(now);
        List<Long> next = jdbc.queryForList("""
                UPDATE webhook_delivery SET claimed_until = ?
                 WHERE id = (SELECT id FROM webhook_delivery
                              WHERE endpoint_id = ? AND room_id = ? AND status = 'PENDING'
                              ORDER BY event_seq LIMIT 1)
                   AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                RETURNING id""", Long.class, claimUntil(now), delivered.endpointId(), delivered.roomId(), nowTs,
                nowTs);
        return next.isEmpty() ? null : next.get(0);
    }

    /** One attempt; the delivery if it was delivered (its queue may go on), else null. */
    private Due attempt(long deliveryId) {
        Due due = jdbc.queryForObject("""
                SELECT e.id AS event_id, e.type, d.room_id, d.endpoint_id, e.payload, e.created_at, w.url, w.secret,
                       d.attempts
                  FROM webhook_delivery d
                  JOIN webhook_event e ON e.seq = d.event_seq
                  JOIN webhook_endpoint w ON w.id = d.endpoint_id
                 WHERE d.id = ?""", (row, n) -> new Due(row.getString("event_id"), row.getString("type"),
                row.getString("room_id"), row.getString("endpoint_id"), row.getString("payload"),
                row.getTimestamp("created_at").toInstant(), URI.create(row.getString("url")), row.getString("secret"),
                row.getInt("attempts")), deliveryId);
        Instant started = clock.instant();
        WebhookSender.Outcome outcome = urls.recheck(due.url())
                .map(reason -> new WebhookSender.Outcome(null, "refused: the URL " + reason, 0, true))
                .orElseGet(() -> sender.send(due.url(), due.secret(), due.eventId(), started.getEpochSecond(),
                        due.payload()));
        record(deliveryId, due, started, outcome);
        return outcome.delivered() ? due : null;
    }

    private void record(long deliveryId, Due due, Instant started, WebhookSender.Outcome outcome) {
        int attempts = due.attempts() + 1;
        Instant now = clock.instant();
        // an address the policy refuses stays refused: that delivery fails at once rather than blocking its queue
        boolean givingUp = !outcome.delivered()
                && (outcome.refused() || now.isAfter(due.createdAt().plus(properties.giveUpAfter())));
        String status = outcome.delivered() ? "DELIVERED" : givingUp ? "FAILED" : "PENDING";
        transactions.executeWithoutResult(tx -> {
            jdbc.update("""
                    INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
                    VALUES (?, ?, ?, ?, ?)""", deliveryId, Timestamp.from(started), outcome.statusCode(),
                    truncate(outcome.error()), outcome.durationMs());
            jdbc.update("""
                    UPDATE webhook_delivery SET status = ?, attempts = ?, claimed_until = NULL, next_attempt_at = ?,
                           delivered_at = ? WHERE id = ?""", status, attempts,
                    Timestamp.from(outcome.delivered() ? now : now.plus(properties.backoffAfter(attempts))),
                    outcome.delivered() ? Timestamp.from(now) : null, deliveryId);
        });
        metrics.counter("conclave.webhooks.attempts", "type", due.type(), "outcome", status.toLowerCase()).increment();
        if (outcome.delivered()) {
            log.debug("Delivered webhook {} {} room={} to {}", due.eventId(), due.type(), due.roomId(), due.url());
        } else {
            log.info("Webhook {} {} room={} to {} failed (attempt {}): {}{}", due.eventId(), due.type(), due.roomId(),
                    due.url(), attempts, outcome.error(), givingUp ? "; giving up" : "");
        }
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    private record Due(String eventId, String type, String roomId, String endpointId, String payload,
                       Instant createdAt, URI url, String secret, int attempts) {
    }
}
