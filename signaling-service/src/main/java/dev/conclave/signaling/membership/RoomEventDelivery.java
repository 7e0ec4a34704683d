package dev.conclave.signaling.membership;

import dev.conclave.signaling.bus.RoomEventListener;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEventWatcher;
import dev.conclave.signaling.event.RoomEvent.ChatMuted;
import dev.conclave.signaling.event.RoomEvent.Disconnect;
import dev.conclave.signaling.event.RoomEvent.ParticipantMoved;
import dev.conclave.signaling.event.RoomEvent.RoomClosed;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.ParticipantId;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a room event that reached this node means here: notifications for the room's members connected to this node,
 * and the local half of what other nodes decided — closing a removed member's socket, letting go of a member that
 * resumed elsewhere, muting a member's chat.
 */
@Component
class RoomEventDelivery implements RoomEventListener {

    private final LocalParticipants local;
    private final ParticipantConnections connections;
    private final String node;
    private final List<RoomEventWatcher> watchers;

    RoomEventDelivery(LocalParticipants local, ParticipantConnections connections,
                      @Value("${conclave.signaling.node-id}") String node, List<RoomEventWatcher> watchers) {
        this.local = local;
        this.connections = connections;
        this.node = node;
        this.watchers = List.copyOf(watchers);
    }

    @Override
    public void onRoomEvent(RoomEvent event) {
        deliver(event);
        watchers.forEach(watcher -> watcher.watched(event));
    }

    private void deliver(RoomEvent event) {
        if (event instanceof Disconnect disconnect) {
            if (local.remove(disconnect.participant()).isPresent()) {
                connections.disconnect(disconnect.participant(), disconnect.reason());
            }
            return;
        }
        if (event instanceof ParticipantMoved moved) {
            if (!moved.node().equals(node)) {
                local.remove(moved.participant());
                connections.detach(moved.participant());
            }
            return;
        }
        if (event instanceof ChatMuted chatMuted) {
            local.get(chatMuted.participant()).ifPresent(participant -> participant.setChatMuted(chatMuted.muted()));
        }
        List<ParticipantId> recipients = local.inRoom(event.roomId()).stream().filter(event::isFor).toList();
        if (!recipients.isEmpty()) {
            connections.deliver(event, recipients);
        }
        if (event instanceof RoomClosed) {
            for (ParticipantId member : recipients) {
                local.remove(member);
                connections.disconnect(member, LeaveReason.ROOM_CLOSED);
            }
        }
    }
}
