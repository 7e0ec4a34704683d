package dev.conclave.signaling.room;

/** How media flows in a room. Only mesh exists until the media tier (SFU on Kurento workers) is built. */
public enum Topology {
    /** Browsers connect to each other; the server relays SDP and ICE only. */
    MESH
}
