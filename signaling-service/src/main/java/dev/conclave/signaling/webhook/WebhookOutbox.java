package dev.conclave.signaling.webhook;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: an event is written in the caller's transaction — the one that changes the state it
 * reports — with one delivery per endpoint subscribed to its type. If that transaction rolls back, no webhook
 * says otherwise; if it commits, the dispatcher delivers it, however long the receiver is away.
 */
@Component
public class WebhookOutbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookOutbox(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Records the event for every endpoint subscribed to {@code type}; must run inside the state change's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(WebhookEventType type, String roomId, Map<String, Object> data) {
        Boolean subscribed = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM webhook_endpoint WHERE deleted_at IS NULL AND ? = ANY (events))",
                Boolean.class, type.wireName());
        if (!Boolean.TRUE.equals(subscribed)) {
            return;
        }
        Instant now = clock.instant();
        String id = newEventId();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type.wireName());
        payload.put("timestamp", now);
        payload.put("data", data);
        Long seq = jdbc.queryForObject("""
                INSERT INTO webhook_event (id, type, room_id, payload, created_at) VALUES (?, ?, ?, ?, ?)
                RETURNING seq""", Long.class, id, type.wireName(), roomId, json.writeValueAsString(payload),
                Timestamp.from(now));
        jdbc.update("""
                INSERT INTO webhook_delivery (event_seq, endpoint_id, room_id, status, next_attempt_at)
                SELECT ?, id, ?, 'PENDING', ? FROM webhook_endpoint WHERE deleted_at IS NULL AND ? = ANY (events)""",
                seq, roomId, Timestamp.from(now), type.wireName());
    }

    private String newEventId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "evt_" + HexFormat.of().formatHex(bytes);
    }
}
