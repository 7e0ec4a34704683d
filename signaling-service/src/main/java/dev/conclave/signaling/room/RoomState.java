package dev.conclave.signaling.room;

public enum RoomState {
    ACTIVE, CLOSED
}
