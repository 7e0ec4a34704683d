package dev.conclave.testing.faults;

import java.util.Collection;
import java.util.List;

/** The figures fault tests print for a fault repeated a few times: p50 (the lower median) and max, in ms. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The value at {@code percent} (nearest rank): 50 is the lower median, 100 the largest. */
    public static long percentile(Collection<Long> values, int percent) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static long p50(Collection<Long> values) {
        return percentile(values, 50);
    }

    public static long max(Collection<Long> values) {
        return percentile(values, 100);
    }
}
