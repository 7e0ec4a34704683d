package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.participant.ParticipantSessions;
import dev.conclave.testing.RpcTestClient;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DisplayName("participant sessions in PostgreSQL")
class ParticipantSessionsIT extends SignalingIT {

    @Autowired
    ParticipantSessions sessions;

    @Test
    @DisplayName("record who joined, from where (behind the gateway), with what browser, and when they left")
    void recordsJoinAndLeave() {
        String room = openRoom();
        RpcTestClient client = connect(Map.of("User-Agent", "ConclaveTest/1.0", "X-Forwarded-For", "203.0.113.7",
                SECRET_HEADER, FORWARDING_SECRET));
        String id = client.join(room, TOKENS.token(room, "user-77", "Grace")).get("participant").get("id").asString();

        Map<String, Object> open = jdbc.queryForMap("SELECT * FROM participant_session WHERE id = ?", id);
        assertThat(open).containsEntry("room_id", room).containsEntry("identity", "user-77")
                .containsEntry("display_name", "Grace").containsEntry("guest", false)
                .containsEntry("node_id", "test-node").containsEntry("remote_address", "203.0.113.7")
                .containsEntry("user_agent", "ConclaveTest/1.0");
        assertThat(open.get("joined_at")).isNotNull();
        assertThat(open.get("left_at")).isNull();

        client.result("leaveRoom", null);

        Map<String, Object> closed = jdbc.queryForMap("SELECT * FROM participant_session WHERE id = ?", id);
        assertThat(closed.get("left_at")).isNotNull();
        assertThat(closed.get("leave_reason")).isEqualTo("left");
    }

    @Test
    @DisplayName("store a display name full of SQL verbatim")
    void sqlInDisplayName() {
        String room = openRoom();
        String name = "Robert'); DROP TABLE room;--";
        String id = connect().join(room, TOKENS.token(room, "bobby", name)).get("participant").get("id").asString();
        assertThat(jdbc.queryForObject("SELECT display_name FROM participant_session WHERE id = ?", String.class, id))
                .isEqualTo(name);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM room", Integer.class)).isPositive();
    }

    @Test
    @DisplayName("left open by a killed run of this node are closed as node_stopped when it starts again")
    void closesSessionsLeftOpen() {
        String room = openRoom();
        jdbc.update("""
                INSERT INTO participant_session (id, room_id, identity, display_name, guest, node_id, joined_at)
                VALUES ('p_left_open_1', ?, 'ghost', 'Ghost', false, 'test-node', ?)""",
                room, Timestamp.from(Instant.now().minusSeconds(60)));
        jdbc.update("""
                INSERT INTO participant_session (id, room_id, identity, display_name, guest, node_id, joined_at)
                VALUES ('p_other_node_1', ?, 'elsewhere', 'Elsewhere', false, 'another-node', ?)""",
                room, Timestamp.from(Instant.now().minusSeconds(60)));

        sessions.closeLeftOpenByEarlierRun();

        assertThat(jdbc.queryForObject("SELECT leave_reason FROM participant_session WHERE id = 'p_left_open_1'",
                String.class)).isEqualTo("node_stopped");
        assertThat(jdbc.queryForObject("SELECT left_at FROM participant_session WHERE id = 'p_other_node_1'",
                Timestamp.class)).isNull();
    }
}
