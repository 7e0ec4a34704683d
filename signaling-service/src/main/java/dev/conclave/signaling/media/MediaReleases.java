package dev.conclave.signaling.media;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEventWatcher;
import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.room.Topology;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Releases what an SFU participant held on the media server when it leaves, and the room's pipeline when the room
 * closes or its last participant leaves (the next publish places it again): off the delivering thread; releasing is
 * idempotent, so several nodes doing it is harmless.
 */
@Component
class MediaReleases implements RoomEventWatcher {

    private static final Logger log = LoggerFactory.getLogger(MediaReleases.class);

    private final ObjectProvider<MediaAllocationClient> media;
    private final RoomTopologies topologies;
    private final RoomRoster roster;
    private final ExecutorService releases =
            Executors.newSingleThreadExecutor(new CustomizableThreadFactory("media-release-"));

    MediaReleases(ObjectProvider<MediaAllocationClient> media, RoomTopologies topologies, RoomRoster roster) {
        this.media = media;
        this.topologies = topologies;
        this.roster = roster;
    }

    @Override
    public void watched(RoomEvent event) {
        boolean leaving = event instanceof RoomEvent.ParticipantLeft;
        boolean closing = event instanceof RoomEvent.RoomClosed;
        if (!leaving && !closing) {
            return;
        }
        MediaAllocationClient client = media.getIfAvailable();
        if (client != null && topologies.of(event.roomId()) == Topology.SFU) {
            releases.execute(() -> release(client, event));
        }
        if (closing) {
            topologies.forget(event.roomId());
        }
    }

    private void release(MediaAllocationClient client, RoomEvent event) {
        try {
            if (event instanceof RoomEvent.ParticipantLeft left) {
                client.releaseParticipant(left.roomId(), left.participant());
                if (roster.count(left.roomId()) == 0) {
                    client.releaseRoom(left.roomId());
                }
            } else {
                client.releaseRoom(event.roomId());
            }
        } catch (ConclaveException e) {
            log.warn("room {}: media not released ({})", event.roomId(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        releases.shutdown();
    }
}
