package dev.conclave.signaling.membership;

import dev.conclave.signaling.bus.RoomEventListener;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.participant.ParticipantId;
import java.util.List;
import org.springframework.stereotype.Component;

/** Hands an event that reached this node to the room's members connected here. */
@Component
class RoomEventDelivery implements RoomEventListener {

    private final LiveRooms rooms;
    private final ParticipantConnections connections;

    RoomEventDelivery(LiveRooms rooms, ParticipantConnections connections) {
        this.rooms = rooms;
        this.connections = connections;
    }

    @Override
    public void onRoomEvent(RoomEvent event) {
        List<ParticipantId> recipients = rooms.memberIds(event.roomId()).stream().filter(event::isFor).toList();
        if (!recipients.isEmpty()) {
            connections.deliver(event, recipients);
        }
    }
}
