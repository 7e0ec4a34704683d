package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@DisplayName("chat in a busy room (here: from two members on the node)")
@TestPropertySource(properties = "conclave.signaling.rpc.busy-room-members=2")
class BusyRoomChatIT extends SignalingIT {

    @Test
    @DisplayName("reaches every member, every message once and in order, however fast it comes")
    void everyMessageInOrder() throws Exception {
        String room = openRoom();
        List<Joined> members = List.of(joinAs(room, "Ada"), joinAs(room, "Bob"), joinAs(room, "Cy"));
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"));
        int messages = 300;
        for (int i = 0; i < messages; i++) {
            api.post("/api/v1/rooms/" + room + "/messages", "{\"text\": \"m" + i + "\"}").expect(201);
        }

        for (Joined member : members) {
            List<String> texts = new ArrayList<>();
            while (texts.size() < messages) {
                texts.add(member.client().awaitNotification("message", Duration.ofSeconds(10)).get("text").asString());
            }
            assertThat(texts).as(member.identity()).containsExactlyElementsOf(
                    IntStream.range(0, messages).mapToObj(i -> "m" + i).toList());
        }
    }
}
