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
 * decision, and the participants' renegotiation is what the room hears). Here a room moves to SFU at three members and
 * back to a mesh once it has had one for half a second.
 */
@TestPropertySource(properties = {
        "conclave.signaling.media.target=127.0.0.1:1",
        "conclave.signaling.media.auto-sfu-above=2",
        "conclave.signaling.media.auto-mesh-at-or-below=1",
        "conclave.signaling.media.auto-mesh-after=PT0.5S",
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

    @Test
    @DisplayName("in SFU, shrinks back into a mesh once small enough for the wait: the one left is told, and joins "
            + "after it are a mesh")
    void shrinksIntoMesh() {
        String room = grownRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        ada.client().drainNotifications();

        bob.client().result("leaveRoom", null);
        JsonNode renegotiate = ada.client().awaitNotification("renegotiate", Duration.ofSeconds(5));
        assertThat(renegotiate.get("topology").asString()).isEqualTo("MESH");
        assertThat(renegotiate.get("reason").asString()).isEqualTo("ROOM_SHRANK");
        assertThat(jdbc.queryForObject("SELECT sfu_since IS NULL FROM room WHERE id = ?", Boolean.class, room)).isTrue();

        JsonNode later = connect().join(room, TOKENS.token(room, "user-carol", "Carol"));
        assertThat(later.get("topology").asString()).isEqualTo("MESH");
    }

    @Test
    @DisplayName("in SFU, stays SFU at a size between the two (no flapping), and when a member leaves and comes back "
            + "within the wait")
    void doesNotFlap() {
        String room = grownRoom();
        Joined ada = joinAs(room, "Ada");
        Joined bob = joinAs(room, "Bob");
        Joined carol = joinAs(room, "Carol");
        ada.client().drainNotifications();

        carol.client().result("leaveRoom", null); // two left: between auto-mesh-at-or-below and auto-sfu-above
        ada.client().assertNoNotification("renegotiate", Duration.ofSeconds(1));

        bob.client().result("leaveRoom", null); // one left, but only for a moment
        joinAs(room, "Bob");
        ada.client().assertNoNotification("renegotiate", Duration.ofSeconds(1));
        assertThat(jdbc.queryForObject("SELECT sfu_since IS NOT NULL FROM room WHERE id = ?", Boolean.class, room))
                .isTrue();
    }

    /** An AUTO room that has grown into SFU before (as after more than auto-sfu-above joined), empty now. */
    private String grownRoom() {
        String room = openRoom();
        jdbc.update("UPDATE room SET topology = 'AUTO', sfu_since = now() WHERE id = ?", room);
        return room;
    }
}
