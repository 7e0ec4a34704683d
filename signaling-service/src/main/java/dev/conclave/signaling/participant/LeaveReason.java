package dev.conclave.signaling.participant;

import java.util.Locale;

/** Why a participant is no longer in the room, as the room is told. */
public enum LeaveReason {
    /** It called leaveRoom. */
    LEFT,
    /** Its connection closed (tab closed, network gone). */
    DISCONNECTED,
    /** It stopped pinging. */
    TIMEOUT,
    /** The same identity joined again from another connection. */
    REPLACED,
    /** An internal service removed it through the API. */
    REMOVED,
    /** The room was closed (through the API, or for staying empty). */
    ROOM_CLOSED,
    /** This signaling node stopped, or restarted without a clean stop. */
    NODE_STOPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
