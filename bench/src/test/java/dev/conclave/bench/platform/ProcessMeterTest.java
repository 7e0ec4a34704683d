package dev.conclave.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class ProcessMeterTest {

    @Test
    void readsBytesPerClassFromAClassHistogram() {
        String output = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         20514       12345678  [B (java.base@17.0.15)
                   2:          1000          64000  java.util.HashMap$Node (java.base@17.0.15)
                   3:             7            448  dev.conclave.signaling.rpc.Outbox
                Total         21521       12410126
                """;

        assertThat(ProcessMeter.parseHistogram(output)).containsOnly(
                entry("[B", 12_345_678L),
                entry("java.util.HashMap$Node", 64_000L),
                entry("dev.conclave.signaling.rpc.Outbox", 448L));
    }
}
