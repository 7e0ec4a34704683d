package dev.conclave.bench.worker;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, and how they travel from a load-generator process to the coordinator. */
public final class Histograms {

    private static final long HOUR_MICROS = 3_600_000_000L;

    private Histograms() {
    }

    public static Histogram micros() {
        return new Histogram(HOUR_MICROS, 3);
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    public static Histogram decode(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    /** Records a latency given in nanoseconds, clamped into the histogram's range. */
    public static void recordNanos(Histogram histogram, long nanos) {
        histogram.recordValue(Math.min(HOUR_MICROS, Math.max(0, nanos / 1000)));
    }
}
