package dev.conclave.media.worker;

/** Where a worker stands in the registry. */
public enum WorkerState {
    /** Not probed successfully yet. */
    UNKNOWN,
    /** Answers its probes: rooms may be placed on it (unless it is draining). */
    UP,
    /** Missed enough probes in a row to count as lost: its rooms have moved elsewhere. */
    DOWN
}
