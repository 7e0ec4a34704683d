package dev.conclave.signaling.membership;

import dev.conclave.signaling.room.RoomId;

/**
 * Told when this node starts and stops having participants in a room — the moments a distributed room bus
 * subscribes to and unsubscribes from the room's channel.
 */
public interface RoomPresenceListener {

    void firstLocalMember(RoomId room);

    void lastLocalMemberLeft(RoomId room);
}
