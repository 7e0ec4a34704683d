package dev.conclave.signaling.membership;

import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.ParticipantId;
import java.util.Collection;

/** The connections of this node's participants, as the domain needs them: to tell them things, and to end them. */
public interface ParticipantConnections {

    /** Sends the event to each recipient still connected to this node; encoded once, whatever the count. */
    void deliver(RoomEvent event, Collection<ParticipantId> recipients);

    /** Closes the participant's connection, if it is on this node, telling the client why. */
    void disconnect(ParticipantId participant, LeaveReason reason);

    /** The participant resumed on another node: close its stale connection here, if any, without a leave. */
    void detach(ParticipantId participant);
}
