package dev.conclave.signaling.bus;

import dev.conclave.signaling.event.RoomEvent;

/** Receives the room events that reach this node. */
public interface RoomEventListener {

    void onRoomEvent(RoomEvent event);
}
