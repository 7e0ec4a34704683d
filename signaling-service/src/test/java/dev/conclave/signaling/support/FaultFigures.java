package dev.conclave.signaling.support;

import dev.conclave.testing.faults.Percentiles;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovery times of one fault repeated a few times, printed as the {@code [fault]} line the README quotes:
 * {@code [fault] <name>: recovery p50 X ms, max Y ms over N runs; lost L}.
 */
public final class FaultFigures {

    private final String name;
    private final List<Long> recoveries = new ArrayList<>();
    private long lost;

    public FaultFigures(String name) {
        this.name = name;
    }

    public void recovered(long millis) {
        recoveries.add(millis);
    }

    public void lost(long count) {
        lost += count;
    }

    public long p50() {
        return recoveries.isEmpty() ? 0 : Percentiles.p50(recoveries);
    }

    public long max() {
        return recoveries.isEmpty() ? 0 : Percentiles.max(recoveries);
    }

    public String line() {
        return String.format("[fault] %s: recovery p50 %d ms, max %d ms over %d runs; lost %d (runs: %s ms)", name, p50(),
                max(), recoveries.size(), lost, recoveries);
    }

    public void print() {
        System.out.println(line());
    }
}
