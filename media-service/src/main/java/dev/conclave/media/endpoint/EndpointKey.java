package dev.conclave.media.endpoint;

import java.util.Objects;

/**
 * One WebRTC endpoint of a room: the participant's publisher ({@code publisher} empty) or its subscription to
 * {@code publisher}.
 */
public record EndpointKey(RoomId room, ParticipantId participant, ParticipantId publisher) {

    public EndpointKey {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(participant, "participant");
    }

    public static EndpointKey publisher(RoomId room, ParticipantId participant) {
        return new EndpointKey(room, participant, null);
    }

    public static EndpointKey subscription(RoomId room, ParticipantId subscriber, ParticipantId publisher) {
        return new EndpointKey(room, subscriber, Objects.requireNonNull(publisher, "publisher"));
    }

    public boolean isPublisher() {
        return publisher == null;
    }

    /** Whether this endpoint sends or receives {@code participant}'s media. */
    public boolean involves(ParticipantId someone) {
        return participant.equals(someone) || someone.equals(publisher);
    }

    @Override
    public String toString() {
        return isPublisher() ? room + "/" + participant : room + "/" + participant + "<-" + publisher;
    }
}
