package dev.conclave.signaling.event;

/** Told of every room event that reaches this node, after the node's members were; must not block. */
public interface RoomEventWatcher {

    void watched(RoomEvent event);
}
