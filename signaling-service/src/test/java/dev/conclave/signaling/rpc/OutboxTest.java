package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Outbox")
class OutboxTest {

    /** A wire that completes sends when the test says so, or at once. */
    private static final class Wire implements Outbox.Sender {
        static final String PING = "(ping)";
        final List<String> sent = new ArrayList<>();
        final Deque<Consumer<Throwable>> pending = new ArrayDeque<>();
        boolean completeAtOnce;

        /** Like the container's: a frame UTF-8 cannot encode fails its send (Tomcat reports {@code MALFORMED[1]}). */
        @Override
        public void send(String text, Consumer<Throwable> done) {
            try {
                StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            } catch (CharacterCodingException e) {
                done.accept(new IllegalArgumentException(e.toString()));
                return;
            }
            sent.add(text);
            if (completeAtOnce) {
                done.accept(null);
            } else {
                pending.add(done);
            }
        }

        /** Pings go on the wire too, in order, shown as {@value #PING}. */
        @Override
        public void ping(Consumer<Throwable> done) {
            sent.add(PING);
            if (completeAtOnce) {
                done.accept(null);
            } else {
                pending.add(done);
            }
        }

        void completeOne() {
            pending.poll().accept(null);
        }

        void failOne() {
            pending.poll().accept(new java.io.IOException("broken pipe"));
        }
    }

    private static final class Reports implements Outbox.Listener {
        int dropped;
        int unencodable;
        final List<String> stuck = new ArrayList<>();

        @Override
        public void dropped() {
            dropped++;
        }

        @Override
        public void unencodable() {
            unencodable++;
        }

        @Override
        public void stuck(String why) {
            stuck.add(why);
        }
    }

    private final Wire wire = new Wire();
    private final Reports reports = new Reports();
    private final Outbox outbox = new Outbox(wire, reports, 100, 300);

    @Nested
    @DisplayName("sends")
    class Sending {

        @Test
        @DisplayName("one frame at a time, in order, the next when the previous completes")
        void oneAtATime() {
            outbox.respond("a");
            outbox.event("b", false);
            outbox.event("c", true);
            assertThat(wire.sent).containsExactly("a");
            wire.completeOne();
            assertThat(wire.sent).containsExactly("a", "b");
            wire.completeOne();
            wire.completeOne();
            assertThat(wire.sent).containsExactly("a", "b", "c");
            assertThat(outbox.queuedBytes()).isZero();
            assertThat(outbox.oldestQueuedAtNanos()).isEqualTo(-1);
        }

        @Test
        @DisplayName("a long backlog of sends that complete at once without deep recursion")
        void inlineCompletions() {
            Outbox big = new Outbox(wire, reports, 10_000_000, 20_000_000);
            wire.completeAtOnce = false;
            big.respond("first");
            for (int i = 0; i < 100_000; i++) {
                big.event("e" + i, false);
            }
            wire.completeAtOnce = true;
            wire.completeOne();
            assertThat(wire.sent).hasSize(100_001).endsWith("e99999");
        }

        @Test
        @DisplayName("room events held during a join after the join's response")
        void holdAndRelease() {
            outbox.hold();
            outbox.event("participantJoined", false);
            outbox.respond("join result");
            outbox.release();
            wire.completeAtOnce = true;
            wire.completeOne();
            assertThat(wire.sent).containsExactly("join result", "participantJoined");
        }

        @Test
        @DisplayName("a ping after what is queued before it, one frame at a time like the rest")
        void pingInOrder() {
            outbox.respond("a");
            outbox.ping();
            outbox.event("b", true);
            assertThat(wire.sent).containsExactly("a");
            wire.completeOne();
            assertThat(wire.sent).containsExactly("a", Wire.PING);
            wire.completeOne();
            wire.completeOne();
            assertThat(wire.sent).containsExactly("a", Wire.PING, "b");
            assertThat(outbox.queuedBytes()).isZero();
        }

        @Test
        @DisplayName("a ping is not held back by a join being answered")
        void pingNotHeld() {
            outbox.hold();
            outbox.ping();
            assertThat(wire.sent).containsExactly(Wire.PING);
        }

        @Test
        @DisplayName("a ping that fails gives the connection up, as any failed send")
        void failedPing() {
            outbox.ping();
            wire.failOne();
            assertThat(reports.stuck).singleElement().asString().contains("broken pipe");
            outbox.respond("late");
            assertThat(wire.sent).containsExactly(Wire.PING);
        }
    }

    @Nested
    @DisplayName("with a frame UTF-8 cannot encode (an unpaired surrogate)")
    class Unencodable {

        @Test
        @DisplayName("drops that frame alone, reports it, and sends the next: the connection is not given up")
        void dropsTheFrame() {
            wire.completeAtOnce = true;
            outbox.respond("before");
            outbox.event("{\"text\":\"\ud800\"}", false);
            outbox.respond("{\"text\":\"\udc00 x\"}");
            outbox.event("after", true);
            assertThat(wire.sent).containsExactly("before", "after");
            assertThat(reports.unencodable).isEqualTo(2);
            assertThat(reports.stuck).isEmpty();
            assertThat(outbox.queuedBytes()).isZero();
        }

        @Test
        @DisplayName("while another frame is in flight, queues nothing for it and keeps the order of the rest")
        void behindAFrameInFlight() {
            outbox.respond("a");
            outbox.event("\ud83d", false);
            outbox.event("b \ud83d\ude00", false);
            wire.completeOne();
            wire.completeOne();
            assertThat(wire.sent).containsExactly("a", "b \ud83d\ude00");
            assertThat(reports.unencodable).isEqualTo(1);
            assertThat(reports.stuck).isEmpty();
        }
    }

    @Nested
    @DisplayName("with a client that falls behind")
    class Backlog {

        @Test
        @DisplayName("drops chat past the soft limit and counts it, but keeps everything else")
        void dropsChat() {
            outbox.respond("x".repeat(60));
            outbox.event("y".repeat(60), false);
            outbox.event("chat".repeat(10), true);
            assertThat(reports.dropped).isEqualTo(1);
            outbox.event("z".repeat(60), false);
            assertThat(reports.stuck).isEmpty();
        }

        @Test
        @DisplayName("gives up past the hard limit and sends nothing more")
        void hardLimit() {
            for (int i = 0; i < 4; i++) {
                outbox.event("x".repeat(90), false);
            }
            assertThat(reports.stuck).hasSize(1);
            outbox.respond("after");
            wire.completeOne();
            assertThat(wire.sent).doesNotContain("after");
        }

        @Test
        @DisplayName("reports how long the oldest frame has waited")
        void age() {
            long before = System.nanoTime();
            outbox.respond("a");
            outbox.respond("b");
            assertThat(outbox.oldestQueuedAtNanos()).isBetween(before, System.nanoTime());
        }

        @Test
        @DisplayName("gives up when a send fails")
        void failure() {
            outbox.respond("a");
            outbox.respond("b");
            wire.failOne();
            assertThat(reports.stuck).singleElement().asString().contains("broken pipe");
            assertThat(wire.sent).containsExactly("a");
        }
    }

    @Nested
    @DisplayName("closing")
    class Closing {

        private final List<String> closes = new ArrayList<>();

        @Test
        @DisplayName("with nothing queued closes the socket at once")
        void idle() {
            outbox.closeAfterSending(() -> closes.add("closed"));
            assertThat(closes).containsExactly("closed");
            outbox.respond("late");
            assertThat(wire.sent).isEmpty();
        }

        @Test
        @DisplayName("sends what is queued first (a last error, removed, reconnect), then closes; nothing later is sent")
        void drainsFirst() {
            outbox.respond("error");
            outbox.event("removed", false);
            outbox.closeAfterSending(() -> closes.add("closed after " + wire.sent));
            outbox.event("chat after the close", false);
            assertThat(closes).isEmpty();
            wire.completeOne();
            assertThat(closes).isEmpty();
            wire.completeOne();
            assertThat(closes).containsExactly("closed after [error, removed]");
            assertThat(wire.sent).containsExactly("error", "removed");
        }

        @Test
        @DisplayName("sends events held during a join first (removed right after joining)")
        void heldEventsFirst() {
            outbox.hold();
            outbox.respond("joined");
            outbox.event("removed", false);
            outbox.closeAfterSending(() -> closes.add("closed after " + wire.sent));
            wire.completeOne();
            wire.completeOne();
            assertThat(closes).containsExactly("closed after [joined, removed]");
        }

        @Test
        @DisplayName("a failed send while draining still closes, without calling the connection stuck")
        void failedWhileDraining() {
            outbox.respond("error");
            outbox.closeAfterSending(() -> closes.add("closed"));
            wire.failOne();
            assertThat(closes).containsExactly("closed");
            assertThat(reports.stuck).isEmpty();
        }

        @Test
        @DisplayName("closing at once (a client that stopped reading) drops the queue and the pending close")
        void abortWins() {
            outbox.respond("a");
            outbox.respond("b");
            outbox.closeAfterSending(() -> closes.add("closed"));
            outbox.close();
            wire.completeOne();
            assertThat(wire.sent).containsExactly("a");
            assertThat(closes).isEmpty();
        }
    }
}
