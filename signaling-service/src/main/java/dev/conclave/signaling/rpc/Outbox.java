package dev.conclave.signaling.rpc;

import dev.conclave.signaling.text.WireText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * What is on its way to one client. Anyone may add to it from any thread and never waits for the client: one frame
 * is in flight at a time, sent asynchronously, the next sent when it completes. A slow client's backlog stays its
 * own: past the soft limit its chat is dropped (and counted), past the hard limit — or when the oldest frame has
 * waited too long — the connection is given up as stuck. While a join is being answered, room events are held back
 * so the client learns it joined before it hears from the room. Closing waits for what is already queued (a last
 * error, {@code removed}, {@code reconnect}) to go out first. A frame UTF-8 cannot encode is never handed to the
 * wire (the container would fail it part-way through, and the connection with it): it is dropped, and reported.
 */
final class Outbox {

    /** The wire: sends one frame, then reports the failure (or {@code null}) to {@code done}. */
    interface Sender {
        /** A text frame. */
        void send(String text, Consumer<Throwable> done);

        /** A WebSocket ping frame (empty), which the client's WebSocket answers by itself. */
        void ping(Consumer<Throwable> done);
    }

    /** What the outbox reports about itself. */
    interface Listener {
        /** A droppable frame was dropped because the backlog was over the soft limit. */
        void dropped();

        /**
         * A frame was not sent because UTF-8 cannot encode it (an unpaired surrogate): sending it would fail part-way
         * and leave the connection unusable, so it is dropped alone and the connection goes on.
         */
        void unencodable();

        /** The backlog went over the hard limit, or a send failed: the connection should go. */
        void stuck(String why);
    }

    /** A text frame, or a ping ({@code text} null). */
    private record Frame(String text, int bytes, long queuedAtNanos) {
        boolean ping() {
            return text == null;
        }
    }

    /** What a ping frame takes on the wire: its two header bytes. */
    private static final int PING_BYTES = 2;

    private final Sender sender;
    private final Listener listener;
    private final long softLimitBytes;
    private final long hardLimitBytes;
    private final Deque<Frame> queue = new ArrayDeque<>();
    private List<String> held;
    private long queuedBytes;
    /** The frame being sent; {@code null} when none is. */
    private Frame current;
    private boolean closed;
    /** Set by {@link #closeAfterSending}: run once the queue is empty; nothing more is accepted meanwhile. */
    private Runnable whenDrained;

    Outbox(Sender sender, Listener listener, long softLimitBytes, long hardLimitBytes) {
        this.sender = sender;
        this.listener = listener;
        this.softLimitBytes = softLimitBytes;
        this.hardLimitBytes = hardLimitBytes;
    }

    /** A response to the client's own request: never dropped. */
    void respond(String text) {
        offer(text, false);
    }

    /**
     * A ping, after what is queued: the client's answer (a pong) tells the server it is still there. Never dropped,
     * never held during a join.
     */
    void ping() {
        enqueue(new Frame(null, PING_BYTES, System.nanoTime()), false);
    }

    /** A room event: held during a join; dropped when the backlog is long if {@code droppable}. */
    void event(String text, boolean droppable) {
        synchronized (this) {
            if (held != null) {
                held.add(text);
                return;
            }
        }
        offer(text, droppable);
    }

    void hold() {
        synchronized (this) {
            held = new ArrayList<>();
        }
    }

    /** Queues the held events, in order, and stops holding. */
    void release() {
        List<String> release;
        synchronized (this) {
            release = held;
            held = null;
        }
        if (release != null) {
            release.forEach(text -> offer(text, false));
        }
    }

    /** When the oldest frame not yet sent was queued ({@link System#nanoTime()}), or -1 when none waits. */
    synchronized long oldestQueuedAtNanos() {
        return current != null ? current.queuedAtNanos() : -1;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Stops sending; what is queued is dropped. */
    synchronized void close() {
        closed = true;
        whenDrained = null;
        queue.clear();
        queuedBytes = 0;
    }

    /**
     * Accepts nothing more, sends what is queued (and held), then runs {@code closeSocket} (at once if nothing is
     * queued). A client that stops reading meanwhile is given up as stuck like any other.
     */
    void closeAfterSending(Runnable closeSocket) {
        release(); // events held during a join that is being answered go out too
        boolean now;
        synchronized (this) {
            if (closed || whenDrained != null) {
                now = closed;
            } else if (current == null) {
                closed = true;
                now = true;
            } else {
                whenDrained = closeSocket;
                now = false;
            }
        }
        if (now) {
            closeSocket.run();
        }
    }

    /** Frames waiting behind the one in flight. */
    synchronized int waiting() {
        return queue.size();
    }

    private enum Outcome { SEND_NOW, QUEUED, DROPPED, STUCK, IGNORED }

    private void offer(String text, boolean droppable) {
        int bytes = WireText.encodedLength(text);
        if (bytes < 0) {
            listener.unencodable();
            return;
        }
        enqueue(new Frame(text, bytes, System.nanoTime()), droppable);
    }

    private void enqueue(Frame frame, boolean droppable) {
        Frame now = null;
        Outcome outcome;
        synchronized (this) {
            if (closed || whenDrained != null) {
                outcome = Outcome.IGNORED;
            } else if (droppable && queuedBytes + frame.bytes() > softLimitBytes) {
                outcome = Outcome.DROPPED;
            } else if (queuedBytes + frame.bytes() > hardLimitBytes) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
                outcome = Outcome.STUCK;
            } else {
                queuedBytes += frame.bytes();
                if (current != null) {
                    queue.addLast(frame);
                    outcome = Outcome.QUEUED;
                } else {
                    current = frame;
                    now = frame;
                    outcome = Outcome.SEND_NOW;
                }
            }
        }
        switch (outcome) {
            case SEND_NOW -> transmit(now);
            case DROPPED -> listener.dropped();
            case STUCK -> listener.stuck("more than " + hardLimitBytes + " bytes waiting to be sent");
            case QUEUED, IGNORED -> { }
        }
    }

    /**
     * Sends frames one after the other. A send that completes at once (on this thread) continues the loop here
     * instead of recursing; one that completes later continues from its completion.
     */
    private void transmit(Frame first) {
        Frame frame = first;
        while (frame != null) {
            Frame sending = frame;
            InlineCompletion inline = new InlineCompletion();
            Consumer<Throwable> done = failure -> {
                synchronized (inline) {
                    if (inline.sending) {
                        inline.completed = true;
                        inline.failure = failure;
                        return;
                    }
                }
                transmit(sent(sending, failure));
            };
            if (sending.ping()) {
                sender.ping(done);
            } else {
                sender.send(sending.text(), done);
            }
            synchronized (inline) {
                inline.sending = false;
                if (!inline.completed) {
                    return;
                }
            }
            frame = sent(sending, inline.failure);
        }
    }

    /** Whether a send completed before {@code send} returned. */
    private static final class InlineCompletion {
        private boolean sending = true;
        private boolean completed;
        private Throwable failure;
    }

    /** Books the frame as sent and returns the next one to send, if any. */
    private Frame sent(Frame frame, Throwable failure) {
        Frame next;
        boolean report;
        Runnable drained = null;
        synchronized (this) {
            report = failure != null && !closed && whenDrained == null;
            queuedBytes -= frame.bytes();
            if (failure != null || closed) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
                next = null;
            } else {
                next = queue.pollFirst();
            }
            current = next;
            if (next == null && whenDrained != null) {
                drained = whenDrained;
                whenDrained = null;
                closed = true;
            }
        }
        if (report) {
            listener.stuck("send failed: " + failure.getMessage());
        }
        if (drained != null) {
            drained.run();
        }
        return next;
    }
}
