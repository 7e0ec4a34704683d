package dev.conclave.signaling.room;

/** Who may get into a room. */
public enum RoomAccess {
    /** Anyone with the link may get a guest join token. */
    OPEN,
    /** Only join tokens minted by an authenticated internal service. */
    TOKEN
}
