package dev.conclave.bench.worker;

/**
 * How a load generator stamps what it sends so that whoever receives it knows when it was sent: a marker with the
 * sender's {@link System#nanoTime()} (one monotonic clock for every process on a Linux machine) inside the chat text
 * or the relayed candidate. Receivers scan frames for markers without parsing the JSON around them.
 */
final class Markers {

    /** A tracked fan-out message: {@code ~b~tag~seq~nanos~}. */
    static final String FANOUT = "~b~";
    /** A chat message in the many-rooms scenario: {@code ~c~nanos~}. */
    static final String CHAT = "~c~";
    /** A relayed offer or candidate in the many-rooms scenario: {@code ~r~nanos~}. */
    static final String RELAY = "~r~";

    private Markers() {
    }

    static String fanout(String tag, int seq) {
        return FANOUT + tag + "~" + seq + "~" + System.nanoTime() + "~";
    }

    static String stamp(String marker) {
        return marker + System.nanoTime() + "~";
    }

    /** What a frame holds for one kind of marker; {@code visitor} gets each stamp's fields after the marker. */
    interface Visitor {
        void visit(String frame, int fieldsStart);
    }

    static void scan(String frame, String marker, Visitor visitor) {
        int at = frame.indexOf(marker);
        while (at >= 0) {
            visitor.visit(frame, at + marker.length());
            at = frame.indexOf(marker, at + marker.length());
        }
    }

    /** Reads the number that starts at {@code from} and ends at the next {@code ~}. */
    static long number(String frame, int from) {
        long value = 0;
        for (int i = from; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c == '~') {
                return value;
            }
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad marker at " + from);
            }
            value = value * 10 + (c - '0');
        }
        throw new IllegalArgumentException("unterminated marker at " + from);
    }
}
