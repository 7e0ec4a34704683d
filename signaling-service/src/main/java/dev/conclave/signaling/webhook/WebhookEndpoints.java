package dev.conclave.signaling.webhook;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API clients' webhook endpoints: registering, listing, removing, and what was delivered to them. */
@Service
public class WebhookEndpoints {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoints.class);
    private static final int MAX_ENDPOINTS_PER_CLIENT = 20;

    private final JdbcTemplate jdbc;
    private final WebhookUrlPolicy urls;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookEndpoints(JdbcTemplate jdbc, WebhookUrlPolicy urls, Clock clock) {
        this.jdbc = jdbc;
        this.urls = urls;
        this.clock = clock;
    }

    /** Registers an endpoint; the secret it signs with is returned here only. */
    @Transactional
    public Registered register(String clientId, String url, Set<WebhookEventType> events) {
        URI uri = urls.check(url);
        if (events.isEmpty()) {
            throw ConclaveException.invalidParam("events", "must name at least one event");
        }
        Integer existing = jdbc.queryForObject(
                "SELECT count(*) FROM webhook_endpoint WHERE client_id = ? AND deleted_at IS NULL", Integer.class, clientId);
        if (existing != null && existing >= MAX_ENDPOINTS_PER_CLIENT) {
            throw new ConclaveException(ErrorCode.INVALID_PARAMS,
                    "a client may register at most " + MAX_ENDPOINTS_PER_CLIENT + " webhook endpoints", Map.of("field", "url"));
        }
        String id = newId();
        String secret = WebhookSignature.newSecret();
        Instant now = clock.instant();
        String[] names = events.stream().map(WebhookEventType::wireName).sorted().toArray(String[]::new);
        jdbc.update(connection -> {
            var insert = connection.prepareStatement(
                    "INSERT INTO webhook_endpoint (id, client_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)");
            insert.setString(1, id);
            insert.setString(2, clientId);
            insert.setString(3, uri.toString());
            insert.setString(4, secret);
            insert.setArray(5, connection.createArrayOf("text", names));
            insert.setTimestamp(6, Timestamp.from(now));
            return insert;
        });
        log.info("Registered webhook endpoint {} for client {}: {} {}", id, clientId, uri, Arrays.toString(names));
        return new Registered(new WebhookEndpoint(id, clientId, uri, sortedTypes(events), now), secret);
    }

    @Transactional(readOnly = true)
    public List<WebhookEndpoint> list(String clientId) {
        return jdbc.query("""
                SELECT id, client_id, url, events, created_at FROM webhook_endpoint
                 WHERE client_id = ? AND deleted_at IS NULL ORDER BY created_at, id""",
                (row, n) -> endpoint(row), clientId);
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint get(String clientId, String id) {
        return jdbc.query("""
                        SELECT id, client_id, url, events, created_at FROM webhook_endpoint
                         WHERE id = ? AND client_id = ? AND deleted_at IS NULL""",
                        (row, n) -> endpoint(row), id, clientId)
                .stream().findFirst().orElseThrow(() -> notFound(id));
    }

    /** Stops deliveries to the endpoint; those still pending are marked failed. Its history stays queryable. */
    @Transactional
    public void delete(String clientId, String id) {
        int deleted = jdbc.update(
                "UPDATE webhook_endpoint SET deleted_at = ? WHERE id = ? AND client_id = ? AND deleted_at IS NULL",
                Timestamp.from(clock.instant()), id, clientId);
        if (deleted == 0) {
            throw notFound(id);
        }
        jdbc.update("UPDATE webhook_delivery SET status = 'FAILED' WHERE endpoint_id = ? AND status = 'PENDING'", id);
        log.info("Deleted webhook endpoint {} of client {}", id, clientId);
    }

    /** The endpoint's most recent deliveries, newest first, each with its attempts. */
    @Transactional(readOnly = true)
    public List<WebhookDelivery> deliveries(String clientId, String id, WebhookDelivery.Status status, int limit) {
        get(clientId, id);
        List<WebhookDelivery> deliveries = jdbc.query("""
                SELECT d.id, e.id AS event_id, e.type, d.room_id, d.status, d.attempts, e.created_at,
                       d.next_attempt_at, d.delivered_at
                  FROM webhook_delivery d JOIN webhook_event e ON e.seq = d.event_seq
                 WHERE d.endpoint_id = ? AND (?::text IS NULL OR d.status = ?)
                 ORDER BY d.id DESC LIMIT ?""",
                (row, n) -> new WebhookDelivery(row.getLong("id"), row.getString("event_id"),
                        WebhookEventType.fromWireName(row.getString("type")).orElseThrow(), row.getString("room_id"),
                        WebhookDelivery.Status.valueOf(row.getString("status")), row.getInt("attempts"),
                        instant(row, "created_at"), instant(row, "next_attempt_at"), instant(row, "delivered_at"),
                        List.of()),
                id, status == null ? null : status.name(), status == null ? null : status.name(), limit);
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<Long, List<WebhookDelivery.Attempt>> attempts = jdbc.query("""
                        SELECT delivery_id, attempted_at, status_code, error, duration_ms FROM webhook_attempt
                         WHERE delivery_id = ANY (?) ORDER BY id""",
                        (row, n) -> Map.entry(row.getLong("delivery_id"), new WebhookDelivery.Attempt(
                                instant(row, "attempted_at"), (Integer) row.getObject("status_code"),
                                row.getString("error"), row.getInt("duration_ms"))),
                        (Object) deliveries.stream().map(WebhookDelivery::id).toArray(Long[]::new))
                .stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return deliveries.stream().map(delivery -> new WebhookDelivery(delivery.id(), delivery.eventId(),
                delivery.type(), delivery.roomId(), delivery.status(), delivery.attempts(), delivery.createdAt(),
                delivery.nextAttemptAt(), delivery.deliveredAt(), attempts.getOrDefault(delivery.id(), List.of())))
                .toList();
    }

    private static WebhookEndpoint endpoint(ResultSet row) throws SQLException {
        Array events = row.getArray("events");
        List<WebhookEventType> types = Arrays.stream((String[]) events.getArray())
                .map(name -> WebhookEventType.fromWireName(name).orElseThrow()).toList();
        return new WebhookEndpoint(row.getString("id"), row.getString("client_id"), URI.create(row.getString("url")),
                types, instant(row, "created_at"));
    }

    private static List<WebhookEventType> sortedTypes(Set<WebhookEventType> events) {
        return events.stream().sorted((a, b) -> a.wireName().compareTo(b.wireName())).toList();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static ConclaveException notFound(String id) {
        return new ConclaveException(ErrorCode.WEBHOOK_NOT_FOUND, "no webhook endpoint " + id);
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "wh_" + HexFormat.of().formatHex(bytes);
    }

    /** A new endpoint and its signing secret, which is shown once. */
    public record Registered(WebhookEndpoint endpoint, String secret) {
    }
}
