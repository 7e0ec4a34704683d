package dev.conclave.signaling.media;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEventWatcher;
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
 * closes: off the delivering thread; releasing is idempotent, so several nodes doing it is harmless.
 */
@Component
class MediaReleases implements RoomEventWatcher {

    private static final Logger log = LoggerFactory.getLogger(MediaReleases.class);

    private final ObjectProvider<MediaAllocationClient> media;
    private final RoomTopologies topologies;
    private final ExecutorService releases =
            Executors.newSingleThreadExecutor(new CustomizableThreadFactory("media-release-"));

    MediaReleases(ObjectProvider<MediaAllocationClient> media, RoomTopologies topologies) {
        this.media = media;
        this.topologies = topologies;
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

    private static void release(MediaAllocationClient client, RoomEvent event) {
        try {
            if (event instanceof RoomEvent.ParticipantLeft left) {
                client.releaseParticipant(left.roomId(), left.participant());
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
