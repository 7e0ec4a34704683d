package dev.conclave.signaling.rpc;

import java.time.Duration;

/**
 * Joins and resumes pass through here, so a node that stops admits nobody it cannot hand over. Once it closes, no
 * admission starts; closing waits for those under way to finish, so every participant this node admitted is on one
 * of its connections when the stop hands them over. Without it, a resume that ran while the node stopped used up its
 * token and moved the participant onto a node that was going away: its place could never be resumed again.
 */
final class AdmissionGate {

    private int underWay;
    private boolean closed;

    /** Whether an admission may start now; if it may, {@link #left()} must follow it. */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        underWay++;
        return true;
    }

    synchronized void left() {
        underWay--;
        notifyAll();
    }

    /** Admits nobody more, and waits up to {@code timeout} for admissions under way; whether they all finished. */
    synchronized boolean close(Duration timeout) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (underWay > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return true;
    }

    synchronized void open() {
        closed = false;
    }
}
