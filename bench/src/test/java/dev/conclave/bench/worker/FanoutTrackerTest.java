package dev.conclave.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a fan-out tracker")
class FanoutTrackerTest {

    @Test
    @DisplayName("keeps per message how many got it and how long the last one waited")
    void keepsTheSlowestPerMessage() {
        FanoutTracker tracker = new FanoutTracker("t", 2);
        tracker.record(0, 3_000_000);
        tracker.record(0, 9_000_000);
        tracker.record(1, 1_000_000);
        tracker.record(7, 1_000_000); // not one of this run's messages

        assertThat(tracker.received()).containsExactly(2, 1);
        assertThat(tracker.slowestMicros()).containsExactly(9_000, 1_000);
        assertThat(tracker.total()).isEqualTo(3);
        assertThat(tracker.deliveries().getMaxValue()).isBetween(8_990L, 9_010L);
    }

    @Test
    @DisplayName("travels between processes as an encoded histogram without losing counts")
    void histogramsSurviveTheWire() {
        FanoutTracker tracker = new FanoutTracker("t", 1);
        for (int i = 0; i < 1000; i++) {
            tracker.record(0, i * 1_000L);
        }
        assertThat(Histograms.decode(Histograms.encode(tracker.deliveries())).getTotalCount()).isEqualTo(1000);
    }
}
