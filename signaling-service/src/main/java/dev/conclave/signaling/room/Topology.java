package dev.conclave.signaling.room;

/** How media flows in a room. */
public enum Topology {
    /** Browsers connect to each other; the server relays SDP and ICE only. Cheap, for small rooms. */
    MESH,
    /**
     * Each participant publishes once to a media server (a Kurento worker placed by media-service) and subscribes to
     * the others there.
     */
    SFU,
    /**
     * Mesh while the room is small; once it grows past {@code conclave.signaling.media.auto-sfu-above} members (and a
     * media tier exists) it moves to SFU, and back to a mesh once it has stayed at {@code auto-mesh-at-or-below} or
     * fewer for {@code auto-mesh-after}; its participants renegotiate without leaving.
     */
    AUTO
}
