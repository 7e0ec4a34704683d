package dev.conclave.signaling.media;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.event.RoomEvent.StreamPublished;
import dev.conclave.signaling.event.RoomEvent.StreamUnpublished;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * SFU rooms from a participant's side: publishing once to the room's media worker, subscribing to each other
 * publisher, trickling ICE. Checks what the participant may do, then asks media-service; the room hears of new and
 * gone streams over the room bus.
 */
@Service
public class SfuMedia {

    private static final MediaAllocationClient.Publishers NO_PUBLISHERS =
            new MediaAllocationClient.Publishers(List.of(), "");

    private static final Logger log = LoggerFactory.getLogger(SfuMedia.class);

    private final Optional<MediaAllocationClient> media;
    private final LocalParticipants local;
    private final RoomBus bus;
    private final RoomTopologies topologies;

    SfuMedia(ObjectProvider<MediaAllocationClient> media, LocalParticipants local, RoomTopologies topologies,
             RoomBus bus) {
        this.media = Optional.ofNullable(media.getIfAvailable());
        this.local = local;
        this.topologies = topologies;
        this.bus = bus;
        if (this.media.isEmpty()) {
            log.info("no media-service configured (conclave.signaling.media.target): SFU rooms are unavailable, "
                    + "mesh rooms work");
        }
    }

    /** Whether SFU rooms can be served at all (a media tier is configured). */
    public boolean available() {
        return media.isPresent();
    }

    /** The answer to the participant's offer; the others are told it publishes. */
    public MediaAllocationClient.Answer publish(RoomId room, ParticipantId participant, String sdpOffer) {
        requireGrant(sfuMember(room, participant), Grant.PUBLISH, "publishing");
        MediaAllocationClient.Answer answer = client().publish(room, participant, sdpOffer);
        bus.publish(new StreamPublished(room, participant, answer.worker()));
        log.info("room {}: participant {} publishes on worker {}", room, participant, answer.worker());
        return answer;
    }

    public void unpublish(RoomId room, ParticipantId participant) {
        sfuMember(room, participant);
        client().unpublish(room, participant);
        bus.publish(new StreamUnpublished(room, participant));
    }

    public MediaAllocationClient.Answer subscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher,
                                                  String sdpOffer) {
        requireGrant(sfuMember(room, subscriber), Grant.SUBSCRIBE, "subscribing");
        if (subscriber.equals(publisher)) {
            throw new ConclaveException(ErrorCode.CANNOT_SUBSCRIBE_TO_SELF, "a participant cannot subscribe to itself");
        }
        return client().subscribe(room, subscriber, publisher, sdpOffer);
    }

    public void unsubscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher) {
        sfuMember(room, subscriber);
        client().unsubscribe(room, subscriber, publisher);
    }

    public void addIceCandidate(RoomId room, ParticipantId participant, ParticipantId publisher,
                                IceCandidate candidate) {
        sfuMember(room, participant);
        client().addIceCandidate(room, participant, publisher, candidate);
    }

    /**
     * Who publishes in an SFU room now; empty for a mesh room. A media tier that does not answer does not stop the
     * join: the list is empty then, and publishers are heard of as they publish (or after {@code renegotiate}).
     */
    public MediaAllocationClient.Publishers publishers(RoomId room, Topology topology) {
        if (topology != Topology.SFU || media.isEmpty()) {
            return NO_PUBLISHERS;
        }
        try {
            return media.get().publishers(room);
        } catch (ConclaveException e) {
            log.warn("room {}: cannot list its publishers for a joining participant: {}", room, e.getMessage());
            return NO_PUBLISHERS;
        }
    }

    private Participant sfuMember(RoomId room, ParticipantId participant) {
        if (topologies.of(room) != Topology.SFU) {
            throw new ConclaveException(ErrorCode.NOT_SFU_ROOM,
                    "room " + room + " is a mesh room: send media peer to peer with relay");
        }
        return local.get(participant).orElseThrow(() ->
                new ConclaveException(ErrorCode.NOT_JOINED, "join the room first"));
    }

    private static void requireGrant(Participant participant, Grant grant, String what) {
        if (!participant.may(grant)) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED,
                    what + " needs the " + grant.wireName() + " grant");
        }
    }

    private MediaAllocationClient client() {
        return media.orElseThrow(() -> new ConclaveException(ErrorCode.SFU_UNAVAILABLE,
                "SFU rooms are unavailable: this platform has no media tier configured"));
    }
}
