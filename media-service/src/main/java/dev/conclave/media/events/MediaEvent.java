package dev.conclave.media.events;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.RoomId;
import java.util.List;

/** What media-service tells the signaling nodes, on their event streams. */
public sealed interface MediaEvent {

    /**
     * The media server gathered a candidate for an endpoint; its browser must add it. Sent to {@code node} only
     * (the signaling node that asked for the endpoint), or to every node when empty.
     */
    record IceCandidateFound(EndpointKey endpoint, IceCandidate candidate, String node) implements MediaEvent {

        public IceCandidateFound {
            node = node == null ? "" : node;
        }

        /** Whether the stream of signaling node {@code streamNode} gets it. */
        public boolean isFor(String streamNode) {
            return node.isEmpty() || node.equals(streamNode);
        }
    }

    /** The room's endpoints are gone and it lives on {@code workerId} now: its participants publish again. */
    record RenegotiationNeeded(RoomId room, String workerId, String reason) implements MediaEvent {
    }

    record WorkerLost(String workerId, List<RoomId> rooms) implements MediaEvent {

        public WorkerLost {
            rooms = List.copyOf(rooms);
        }
    }

    /**
     * To one resumed stream only: the events after {@code afterSequence} up to {@code upToSequence} are no longer
     * kept; they concerned {@code rooms} (every room, when {@code everyRoom}), which move so their participants
     * renegotiate.
     */
    record EventsMissed(long afterSequence, long upToSequence, List<RoomId> rooms, boolean everyRoom)
            implements MediaEvent {

        public EventsMissed {
            rooms = List.copyOf(rooms);
        }
    }
}
