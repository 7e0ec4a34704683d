package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * AUTO rooms on a node with a media tier configured (its address need not answer: moving a room is signaling's
 * decision, and the participants' renegotiation is what the room hears).
 */
@TestPropertySource(properties = {
        "conclave.signaling.media.target=127.0.0.1:1",
        "conclave.signaling.media.auto-sfu-above=2",
})
@DisplayName("an AUTO room")
class AutoTopologyIT extends SignalingIT {

    @Test
    @DisplayName("is a mesh up to the size, then moves to SFU once: everyone is told to renegotiate, nobody leaves")
    void growsIntoSfu() {
        String room = openRoom();
        jdbc.update("UPDATE room SET topology = 'AUTO' WHERE id = ?", room);
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        assertThat(jdbc.queryForObject("SELECT sfu_since IS NULL FROM room WHERE id = ?", Boolean.class, room)).isTrue();

        RpcTestClient carol = connect();
        JsonNode joined = carol.join(room, TOKENS.token(room, "user-carol", "Carol"));
        assertThat(joined.get("topology").asString()).isEqualTo("MESH");

        for (RpcTestClient member : List.of(ada.client(), bob.client(), carol)) {
            JsonNode renegotiate = member.awaitNotification("renegotiate", Duration.ofSeconds(5));
            assertThat(renegotiate.get("topology").asString()).isEqualTo("SFU");
            assertThat(renegotiate.get("reason").asString()).isEqualTo("ROOM_GREW");
        }
        assertThat(jdbc.queryForObject("SELECT sfu_since IS NOT NULL FROM room WHERE id = ?", Boolean.class, room))
                .isTrue();

        JsonNode later = connect().join(room, TOKENS.token(room, "user-dan", "Dan"));
        assertThat(later.get("topology").asString()).isEqualTo("SFU");
        assertThat(later.get("participants")).hasSize(3);
    }
}
