package dev.conclave.signaling.rpc;

import dev.conclave.signaling.text.WireText;

/**
 * A text message arriving in parts. The container hands over a message in buffer-sized parts (its buffer stays small
 * for every idle connection: it is allocated per connection); only a message longer than one part is assembled here,
 * and only up to the frame limit.
 */
final class PartialText {

    private final long limitBytes;
    private StringBuilder assembled;
    private long bytes;

    PartialText(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * Adds a part; returns the whole message when {@code last}, else {@code null}.
     *
     * @throws TooLarge when the message grows past the limit (what came so far is dropped)
     */
    String add(String part, boolean last) throws TooLarge {
        if (assembled == null && last) {
            return part; // the common case: the whole message in one part, measured once by the caller
        }
        bytes += WireText.utf8Length(part);
        if (bytes > limitBytes) {
            assembled = null;
            bytes = 0;
            throw new TooLarge();
        }
        if (assembled == null) {
            assembled = new StringBuilder(part.length() * 2);
        }
        assembled.append(part);
        if (!last) {
            return null;
        }
        String whole = assembled.toString();
        assembled = null;
        bytes = 0;
        return whole;
    }

    /** The message is over the frame limit. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
