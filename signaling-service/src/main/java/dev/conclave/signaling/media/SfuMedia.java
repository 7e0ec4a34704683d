package dev.conclave.signaling.media;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.StreamPublished;
import dev.conclave.signaling.event.RoomEvent.StreamUnpublished;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import dev.conclave.signaling.event.RoomEventWatcher;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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
public class SfuMedia implements RoomEventWatcher {

    private static final Logger log = LoggerFactory.getLogger(SfuMedia.class);

    private final Optional<MediaAllocationClient> media;
    private final LocalParticipants local;
    private final RoomCatalog rooms;
    private final RoomBus bus;
    /** Topologies never change: read once per room, forgotten when the room closes. */
    private final Map<RoomId, Topology> topologies = new ConcurrentHashMap<>();
    private final ExecutorService releases;

    SfuMedia(ObjectProvider<MediaAllocationClient> media, LocalParticipants local, RoomCatalog rooms, RoomBus bus) {
        this.media = Optional.ofNullable(media.getIfAvailable());
        this.local = local;
        this.rooms = rooms;
        this.bus = bus;
        this.releases = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("media-release-"));
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

    /** Who publishes in an SFU room now; empty for a mesh room. */
    public MediaAllocationClient.Publishers publishers(RoomId room, Topology topology) {
        if (topology != Topology.SFU || media.isEmpty()) {
            return new MediaAllocationClient.Publishers(java.util.List.of(), "");
        }
        return media.get().publishers(room);
    }

    /**
     * A room event reached this node: the media of a participant that left, or of a closed room, is released (off
     * the delivering thread; releasing is idempotent, so several nodes doing it is harmless).
     */
    @Override
    public void watched(RoomEvent event) {
        if (event instanceof RoomEvent.RoomClosed) {
            topologies.remove(event.roomId());
        }
        if (media.isEmpty() || !(event instanceof RoomEvent.ParticipantLeft || event instanceof RoomEvent.RoomClosed)
                || topology(event.roomId()) != Topology.SFU) {
            return;
        }
        releases.execute(() -> {
            try {
                if (event instanceof RoomEvent.ParticipantLeft left) {
                    media.get().releaseParticipant(left.roomId(), left.participant());
                } else {
                    media.get().releaseRoom(event.roomId());
                }
            } catch (ConclaveException e) {
                log.warn("room {}: media not released ({})", event.roomId(), e.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() {
        releases.shutdown();
    }

    private Topology topology(RoomId room) {
        return topologies.computeIfAbsent(room, id -> rooms.require(id).topology());
    }

    private Participant sfuMember(RoomId room, ParticipantId participant) {
        if (topology(room) != Topology.SFU) {
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
