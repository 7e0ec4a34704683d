package dev.conclave.signaling.bus;

import dev.conclave.signaling.event.RoomEvent;

/**
 * Carries room events to every signaling node that has members of the room, where a {@link RoomEventListener} hands
 * them to those members. In memory on a single node ({@link LocalRoomBus}); across nodes a distributed adapter takes
 * its place behind this same interface.
 */
public interface RoomBus {

    void publish(RoomEvent event);
}
