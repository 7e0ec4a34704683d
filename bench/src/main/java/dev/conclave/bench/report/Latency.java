package dev.conclave.bench.report;

import org.HdrHistogram.Histogram;

/** p50/p99/max of a microsecond histogram, in milliseconds with three decimals at most. */
public final class Latency {

    private Latency() {
    }

    public static Measurement put(Measurement measurement, String prefix, Histogram micros) {
        return measurement
                .put(prefix + "p50 ms", millis(micros.getValueAtPercentile(50)))
                .put(prefix + "p99 ms", millis(micros.getValueAtPercentile(99)))
                .put(prefix + "max ms", millis(micros.getMaxValue()));
    }

    public static double millis(long micros) {
        return Math.round(micros) / 1000.0;
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
