package dev.conclave.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdleCapacityTest {

    @Test
    void namesTheClassesThatGrewMostPerSession() {
        Map<String, Long> before = Map.of("[B", 1_000_000L, "java.lang.String", 500_000L, "gone.Before", 9_000L);
        Map<String, Long> after = Map.of("[B", 3_000_000L, "java.lang.String", 700_000L,
                "dev.conclave.signaling.rpc.Outbox", 120_000L);

        String largest = IdleCapacity.largestPerSession(before, after, 1_000);

        assertThat(largest).startsWith("[B 2000 B · java.lang.String 200 B · dev.conclave.signaling.rpc.Outbox 120 B");
    }
}
