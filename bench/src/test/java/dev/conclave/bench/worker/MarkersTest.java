package dev.conclave.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("send-time markers")
class MarkersTest {

    @Test
    @DisplayName("are found wherever a frame carries them, one or a batch")
    void scansEveryMarker() {
        String first = Markers.fanout("r1", 0);
        String second = Markers.fanout("r1", 1);
        String batch = "[{\"method\":\"message\",\"params\":{\"text\":\"" + first + "\"}},"
                + "{\"method\":\"message\",\"params\":{\"text\":\"" + second + "\"}}]";
        List<Long> seqs = new ArrayList<>();
        Markers.scan(batch, Markers.FANOUT, (text, at) -> seqs.add(Markers.number(text, text.indexOf('~', at) + 1)));
        assertThat(seqs).containsExactly(0L, 1L);
    }

    @Test
    @DisplayName("carry the sender's monotonic clock")
    void carryTheClock() {
        long before = System.nanoTime();
        String stamp = Markers.stamp(Markers.RELAY);
        long sent = Markers.number(stamp, Markers.RELAY.length());
        assertThat(sent).isBetween(before, System.nanoTime());
    }

    @Test
    @DisplayName("that are cut off or garbled are refused, not misread")
    void refusesGarbage() {
        assertThatThrownBy(() -> Markers.number("~r~12a4~", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Markers.number("~r~1234", 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
