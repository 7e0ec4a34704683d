package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@DisplayName("chat in a busy room (here: from two members on the node)")
@TestPropertySource(properties = "conclave.signaling.rpc.busy-room-members=2")
class BusyRoomChatIT extends SignalingIT {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}";

    @Test
    @DisplayName("reaches every member, every message once and in order, however fast it comes")
    void everyMessageInOrder() {
        String room = openRoom();
        List<Joined> members = List.of(joinAs(room, "Ada"), joinAs(room, "Bob"), joinAs(room, "Cy"));
        // the members keep saying they are alive while the messages are posted (pings every 0.5 s in these tests)
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        pinger.scheduleAtFixedRate(() -> members.forEach(member -> {
            try {
                member.client().sendRaw(PING);
            } catch (Exception stopped) {
                // the assertions below say whether a connection ended
            }
        }), 0, 200, TimeUnit.MILLISECONDS);
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:write"));
        int messages = 300;
        try {
            for (int i = 0; i < messages; i++) {
                api.post("/api/v1/rooms/" + room + "/messages", "{\"text\": \"m" + i + "\"}").expect(201);
            }
            assertEveryoneGotAll(members, messages);
        } finally {
            pinger.shutdownNow();
        }
    }

    private static void assertEveryoneGotAll(List<Joined> members, int messages) {
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
