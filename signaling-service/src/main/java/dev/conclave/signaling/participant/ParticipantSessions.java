package dev.conclave.signaling.participant;

import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.webhook.WebhookEventType;
import dev.conclave.signaling.webhook.WebhookOutbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history of who was in which room, when, and from where — one row per stay, written when a participant joins
 * and closed when it leaves, each with its {@code participant.joined} / {@code participant.left} webhook event in the
 * same transaction.
 */
@Service
public class ParticipantSessions {

    private static final Logger log = LoggerFactory.getLogger(ParticipantSessions.class);

    private final ParticipantSessionRepository repository;
    private final JdbcTemplate jdbc;
    private final WebhookOutbox webhooks;
    private final JsonMapper json;
    private final Clock clock;
    private final String nodeId;

    ParticipantSessions(ParticipantSessionRepository repository, JdbcTemplate jdbc, WebhookOutbox webhooks,
                        JsonMapper json, Clock clock, @Value("${conclave.signaling.node-id}") String nodeId) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Transactional
    public void opened(Participant participant, ClientInfo client) {
        String metadata = participant.metadata().isEmpty() ? null : json.writeValueAsString(participant.metadata());
        // plain JDBC: a session row is written once here, and a join storm writes a thousand of them at once
        jdbc.update("""
                INSERT INTO participant_session
                    (id, room_id, identity, display_name, guest, node_id, remote_address, user_agent, joined_at, metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""",
                participant.id().value(), participant.roomId().value(), participant.identity(), participant.name(),
                participant.guest(), nodeId, client.remoteAddress(), client.userAgent(),
                Timestamp.from(participant.joinedAt()), metadata);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", participant.roomId().value());
        data.put("participant", participantData(participant.id().value(), participant.identity(), participant.name()));
        data.put("joinedAt", participant.joinedAt());
        webhooks.record(WebhookEventType.PARTICIPANT_JOINED, participant.roomId().value(), data);
    }

    @Transactional
    public void closed(ParticipantId participant, LeaveReason reason) {
        closed(participant, reason, clock.instant());
    }

    /** The session ended at {@code now} (earlier than this call when it is recorded late: the database was away). */
    @Transactional
    public void closed(ParticipantId participant, LeaveReason reason, Instant now) {
        jdbc.query("""
                UPDATE participant_session SET left_at = ?, leave_reason = ?
                 WHERE id = ? AND left_at IS NULL
                RETURNING id, room_id, identity, display_name, joined_at""",
                row -> {
                    recordLeft(row.getString("id"), row.getString("room_id"), row.getString("identity"),
                            row.getString("display_name"), row.getTimestamp("joined_at").toInstant(), now, reason);
                },
                Timestamp.from(now), reason.wireName(), participant.value());
    }

    /** The participant resumed on this node, maybe from another address: the session goes on, recorded here. */
    @Transactional
    public void resumed(ParticipantId participant, ClientInfo client) {
        jdbc.update("UPDATE participant_session SET node_id = ?, remote_address = ?, user_agent = ? "
                + "WHERE id = ? AND left_at IS NULL",
                nodeId, client.remoteAddress(), client.userAgent(), participant.value());
    }

    /**
     * Closes sessions this node left open when it last stopped without saying goodbye (killed, crashed): nobody is
     * connected to a node that has just started.
     */
    @Transactional
    public void closeLeftOpenByEarlierRun() {
        Instant now = clock.instant();
        int[] closed = {0};
        jdbc.query("""
                UPDATE participant_session SET left_at = ?, leave_reason = ?
                 WHERE node_id = ? AND left_at IS NULL
                RETURNING id, room_id, identity, display_name, joined_at""",
                row -> {
                    closed[0]++;
                    recordLeft(row.getString("id"), row.getString("room_id"), row.getString("identity"),
                            row.getString("display_name"), row.getTimestamp("joined_at").toInstant(), now,
                            LeaveReason.NODE_STOPPED);
                },
                Timestamp.from(now), LeaveReason.NODE_STOPPED.wireName(), nodeId);
        if (closed[0] > 0) {
            log.warn("Closed {} participant sessions left open by an earlier run of node {}", closed[0], nodeId);
        }
    }

    /** A room's past and present stays, newest first. */
    @Transactional(readOnly = true)
    public SessionPage history(RoomId roomId, int page, int size) {
        Page<ParticipantSessionEntity> found = repository.findByRoomId(roomId.value(),
                PageRequest.of(page, size, Sort.by(Sort.Order.desc("joinedAt"), Sort.Order.asc("id"))));
        return new SessionPage(found.map(ParticipantSessionEntity::toSession).toList(), page, size,
                found.getTotalElements());
    }

    public String nodeId() {
        return nodeId;
    }

    private void recordLeft(String id, String roomId, String identity, String name, Instant joinedAt, Instant leftAt,
                            LeaveReason reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", roomId);
        data.put("participant", participantData(id, identity, name));
        data.put("reason", reason.wireName());
        data.put("joinedAt", joinedAt);
        data.put("leftAt", leftAt);
        data.put("durationSeconds", Duration.between(joinedAt, leftAt).toSeconds());
        webhooks.record(WebhookEventType.PARTICIPANT_LEFT, roomId, data);
    }

    private static Map<String, Object> participantData(String id, String identity, String name) {
        Map<String, Object> participant = new LinkedHashMap<>();
        participant.put("id", id);
        participant.put("identity", identity);
        participant.put("name", name);
        return participant;
    }

    public record SessionPage(List<ParticipantSession> sessions, int page, int size, long totalSessions) {
    }
}
