package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.TestTurnServer;
import dev.conclave.testing.RpcTestClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@DisplayName("iceServers in join and resume results, with a STUN server and a TURN server sharing a secret")
@TestPropertySource(properties = {
        "conclave.signaling.ice.servers[0].urls[0]=stun:stun.example.org:3478",
        "conclave.signaling.ice.turn.urls[0]=turn:turn.example.org:3478?transport=udp",
        "conclave.signaling.ice.turn.urls[1]=turns:turn.example.org:5349?transport=tcp",
        "conclave.signaling.ice.turn.shared-secret=" + IceServersIT.SECRET,
        "conclave.signaling.ice.turn.credential-ttl=PT1H",
})
class IceServersIT extends SignalingIT {

    static final String SECRET = "ice-servers-it-secret-0123456789";

    @Test
    @DisplayName("joinRoom hands out the STUN server as configured and TURN credentials minted for the participant")
    void join() {
        String room = openRoom();
        RpcTestClient ada = connect();
        JsonNode joined = ada.join(room, TOKENS.token(room, "ada", "Ada"));
        String adaId = joined.get("participant").get("id").asString();

        JsonNode servers = joined.get("iceServers");
        assertThat(servers).hasSize(2);
        assertThat(servers.get(0).get("urls").valueStream().map(JsonNode::asString))
                .containsExactly("stun:stun.example.org:3478");
        assertThat(servers.get(0).has("username")).isFalse();
        assertThat(servers.get(0).has("credential")).isFalse();
        assertTurnFor(servers.get(1), adaId);
    }

    @Test
    @DisplayName("resumeRoom hands out TURN credentials minted again for the same participant")
    void resume() {
        String room = openRoom();
        RpcTestClient first = connect();
        JsonNode joined = first.join(room, TOKENS.token(room, "bob", "Bob"));
        String bobId = joined.get("participant").get("id").asString();

        RpcTestClient second = connect();
        JsonNode resumed = second.result("resumeRoom",
                Map.of("roomId", room, "resumeToken", joined.get("resumeToken").asString()));

        assertThat(resumed.get("iceServers")).hasSize(2);
        assertTurnFor(resumed.get("iceServers").get(1), bobId);
    }

    private static void assertTurnFor(JsonNode turn, String participantId) {
        assertThat(turn.get("urls").valueStream().map(JsonNode::asString)).isEqualTo(List.of(
                "turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"));
        String username = turn.get("username").asString();
        assertThat(username).endsWith(":" + participantId);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        long inAnHour = Instant.now().plusSeconds(3600).getEpochSecond();
        assertThat(expiry).isBetween(inAnHour - 30, inAnHour);
        assertThat(turn.get("credential").asString()).isEqualTo(TestTurnServer.credential(SECRET, username));
    }
}
