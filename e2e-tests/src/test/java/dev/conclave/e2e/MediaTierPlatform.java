package dev.conclave.e2e;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A platform with a media tier that carries no media, shared by the test classes that need one: auth, one signaling
 * node, media-service whose only Kurento worker never answers, gateway. What signaling and the page do with a media
 * tier configured (AUTO rooms moving, the media metrics) shows without a Kurento; real media is {@code SfuMeetingIT}'s.
 * Started once, on first use; stopped with the test run.
 */
final class MediaTierPlatform {

    /** How long an AUTO room must stay small before it moves back to a mesh; short here, 10 s by default. */
    static final Duration MESH_AFTER = Duration.ofSeconds(2);

    private static LocalPlatform platform;

    private MediaTierPlatform() {
    }

    static synchronized LocalPlatform get() {
        if (platform == null) {
            URI deadWorker = URI.create("ws://127.0.0.1:" + closedPort() + "/kurento");
            platform = DedicatedPlatform.start("media-tier", options -> options.withKmsUrls(List.of(deadWorker))
                    .withProperties(Service.SIGNALING, Map.of(
                            "conclave.signaling.webhooks.poll-interval", "PT0.2S",
                            "conclave.signaling.webhooks.allowed-networks", "127.0.0.0/8",
                            "conclave.signaling.media.auto-mesh-at-or-below", "2",
                            "conclave.signaling.media.auto-mesh-after", MESH_AFTER.toString())));
        }
        return platform;
    }

    static synchronized void stop() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
