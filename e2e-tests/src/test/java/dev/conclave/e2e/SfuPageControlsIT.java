package dev.conclave.e2e;

import static dev.conclave.testing.ConferencePages.awaitRemoteVideoPlaying;
import static dev.conclave.testing.ConferencePages.participantId;
import static dev.conclave.testing.ConferencePages.text;
import static dev.conclave.testing.ConferencePages.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.LoopbackShaper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The call page's features in SFU rooms: every page publishes once to a real Kurento given by
 * {@code CONCLAVE_TEST_KMS_URL} and subscribes to the others there. Skipped without it: CI has no KMS. Run inside a
 * network namespace with only {@code lo} (README "Kurento recordings").
 */
@DisplayName("the call page in SFU rooms, on Kurento, in browsers through the gateway")
class SfuPageControlsIT extends CallPageTests {

    private static List<URI> kms;
    private static LocalPlatform platform;

    SfuPageControlsIT() {
        super("SFU", SfuPages.LOOPBACK_CANDIDATES);
    }

    /** Per test, so that each is reported skipped with the reason when there is no KMS (as in CI). */
    @BeforeEach
    void kmsAndChromium() {
        kms = SfuPages.kmsOrSkip();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    @Test
    @DisplayName("a page whose uplink to Kurento loses packets and is capped rates its own connection worse and says "
            + "why; the other page shows that level on its tile")
    void qualityFollowsTheUplink() {
        String room = newRoom("OPEN");
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        awaitRemoteVideoPlaying(ada, participantId(bob));
        // Only what Ada sends to her publisher's port on Kurento is shaped: her subscriptions and Bob's use other ports.
        try (LoopbackShaper shaper = LoopbackShaper.toPort(publisherPortOnKurento(ada), 8, 250, 10)) {
            waitUpTo(ada, Duration.ofSeconds(30)).withMessage(() -> "Ada's page: " + text(ada, "connection-quality"))
                    .until(driver -> driver.findElement(By.id("connection-quality")).isDisplayed());
            String why = text(ada, "connection-quality");
            System.out.println("SFU, Ada's uplink losing 8 %, capped at 250 kbit/s: " + why + "; Bob's page: "
                    + text(bob, "connection-quality"));
            assertThat(ada.findElement(By.id("connection-quality")).getAttribute("data-level")).isIn("fair", "poor");
            assertThat(why).matches("(Poor|Unstable) connection: .*(packets lost|round trip|jitter).*");
            waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> List.of("fair", "poor").contains(driver.findElement(
                    By.cssSelector("#tiles .tile[data-participant-id='" + adaId + "']")).getAttribute("data-quality")));
            assertThat(bob.findElement(By.id("connection-quality")).isDisplayed()).as("Bob's own connection: %s",
                    text(bob, "connection-quality")).isFalse();
        }
    }

    /** The Kurento port the page's publisher connection sends to: the remote end of its selected candidate pair. */
    private static int publisherPortOnKurento(ChromeDriver page) {
        Object port = page.executeAsyncScript("""
                const done = arguments[0];
                const pc = window.conclave.mesh.getPeerConnection(document.body.dataset.participantId);
                pc.getStats().then((report) => {
                  let pair = null;
                  report.forEach((s) => {
                    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
                  });
                  done(pair ? report.get(pair.remoteCandidateId).port : null);
                }).catch(() => done(null));
                """);
        assertThat(port).as("the publisher's selected candidate pair").isNotNull();
        return ((Number) port).intValue();
    }

    @Override
    String gateway() {
        return "http://localhost:" + platform().port(Service.GATEWAY);
    }

    @Override
    ApiClient api() {
        return SfuPages.api(platform());
    }

    /** auth, media-service on the given Kurento workers, one signaling node, gateway. */
    private static synchronized LocalPlatform platform() {
        if (platform == null) {
            platform = DedicatedPlatform.start("sfu-page", options -> options.withKmsUrls(kms));
        }
        return platform;
    }
}
