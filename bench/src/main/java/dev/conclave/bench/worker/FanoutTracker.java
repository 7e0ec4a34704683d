package dev.conclave.bench.worker;

import org.HdrHistogram.Histogram;

/**
 * What this process's members received of one run of tracked messages: for each message, how many members got it and
 * how long the last of them waited; and every delivery's latency.
 */
final class FanoutTracker {

    private final String tag;
    private final long[] slowestNanos;
    private final int[] received;
    private final Histogram deliveries = Histograms.micros();
    private long total;

    FanoutTracker(String tag, int messages) {
        this.tag = tag;
        this.slowestNanos = new long[messages];
        this.received = new int[messages];
    }

    String tag() {
        return tag;
    }

    synchronized void record(int seq, long latencyNanos) {
        if (seq < 0 || seq >= received.length) {
            return;
        }
        received[seq]++;
        slowestNanos[seq] = Math.max(slowestNanos[seq], latencyNanos);
        Histograms.recordNanos(deliveries, latencyNanos);
        total++;
    }

    synchronized long total() {
        return total;
    }

    synchronized long[] slowestMicros() {
        long[] micros = new long[slowestNanos.length];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = slowestNanos[i] / 1000;
        }
        return micros;
    }

    synchronized int[] received() {
        return received.clone();
    }

    synchronized Histogram deliveries() {
        return deliveries.copy();
    }
}
