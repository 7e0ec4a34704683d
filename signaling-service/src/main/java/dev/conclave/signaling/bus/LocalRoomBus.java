package dev.conclave.signaling.bus;

import dev.conclave.signaling.event.RoomEvent;

/** The single-node room bus: an event is delivered on this node, at once, on the publishing thread. */
public class LocalRoomBus implements RoomBus {

    private final RoomEventListener listener;

    public LocalRoomBus(RoomEventListener listener) {
        this.listener = listener;
    }

    @Override
    public void publish(RoomEvent event) {
        listener.onRoomEvent(event);
    }
}
