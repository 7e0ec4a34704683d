package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the admission gate of a stopping node")
class AdmissionGateTest {

    private final AdmissionGate gate = new AdmissionGate();

    @Test
    @DisplayName("admits while open, and nobody once closed")
    void closedAdmitsNobody() throws Exception {
        assertThat(gate.enter()).isTrue();
        gate.left();

        assertThat(gate.close(Duration.ofSeconds(1))).isTrue();
        assertThat(gate.enter()).isFalse();
    }

    @Test
    @DisplayName("closing waits for the admissions under way, and only for them")
    void closeWaitsForAdmissionsUnderWay() throws Exception {
        assertThat(gate.enter()).isTrue();
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.close(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        try {
            closing.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("closed while an admission was under way");
        } catch (TimeoutException expected) {
            // still waiting, as it should
        }
        assertThat(gate.enter()).as("a new admission while closing").isFalse();
        gate.left();
        assertThat(closing.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("closing gives up after its timeout, still admitting nobody")
    void closeGivesUp() throws Exception {
        assertThat(gate.enter()).isTrue();

        assertThat(gate.close(Duration.ofMillis(100))).isFalse();
        assertThat(gate.enter()).isFalse();
    }

    @Test
    @DisplayName("admits again once opened after a stop (a context started again)")
    void opensAgain() throws Exception {
        gate.close(Duration.ZERO);
        gate.open();

        assertThat(gate.enter()).isTrue();
    }
}
