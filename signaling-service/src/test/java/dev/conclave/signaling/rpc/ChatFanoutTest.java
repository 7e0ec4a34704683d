package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@DisplayName("chat fan-out in a busy room")
class ChatFanoutTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A member that records its frames; the first frame may be held up to make the next messages pile up. */
    private static final class Member implements ChatFanout.Recipient {
        private final List<String> frames = new ArrayList<>();
        private final CountDownLatch holdFirst;

        Member(CountDownLatch holdFirst) {
            this.holdFirst = holdFirst;
        }

        @Override
        public synchronized void sendChat(String frame) {
            frames.add(frame);
            if (frames.size() == 1 && holdFirst != null) {
                try {
                    holdFirst.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        synchronized List<String> texts() {
            List<String> texts = new ArrayList<>();
            for (String frame : frames) {
                JsonNode node = JSON.readTree(frame);
                for (JsonNode one : node.isArray() ? node : List.of(node)) {
                    texts.add(one.get("params").get("text").asString());
                }
            }
            return texts;
        }

        synchronized long batches() {
            return frames.stream().filter(frame -> frame.startsWith("[")).count();
        }
    }

    private static String message(int i) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"message\",\"params\":{\"text\":\"m" + i + "\"}}";
    }

    @Test
    @DisplayName("sends what piled up during a pass as one batch, every member getting every message in order")
    void batchesWhatPiledUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Map<ParticipantId, Member> members = new ConcurrentHashMap<>();
        List<ParticipantId> ids = IntStream.range(0, 2_500).mapToObj(i -> new ParticipantId("p_" + i)).toList();
        ids.forEach(id -> members.put(id, new Member(id.equals(ids.get(0)) ? release : null)));
        RoomId room = new RoomId("busy");
        try (ChatFanout fanout = new ChatFanout(members::get)) {
            for (int i = 0; i < 50; i++) {
                fanout.deliver(room, message(i), ids);
                if (i == 0) {
                    Thread.sleep(100); // the first pass is now held at its first member
                }
            }
            release.countDown();
            List<String> expected = IntStream.range(0, 50).mapToObj(i -> "m" + i).toList();
            for (ParticipantId id : ids) {
                Member member = members.get(id);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (member.texts().size() < 50 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(member.texts()).as(id.value()).containsExactlyElementsOf(expected);
            }
            assertThat(members.get(ids.get(0)).batches()).isPositive();
        }
    }

    @Test
    @DisplayName("sends a lone message as it is, not as a batch of one")
    void loneMessage() {
        assertThat(ChatFanout.frame(List.of(message(1)))).isEqualTo(message(1));
        assertThat(ChatFanout.frame(List.of(message(1), message(2)))).isEqualTo("[" + message(1) + "," + message(2) + "]");
    }
}
