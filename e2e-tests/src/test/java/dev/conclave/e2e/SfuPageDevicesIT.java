package dev.conclave.e2e;

import static dev.conclave.testing.ConferencePages.participantId;
import static dev.conclave.testing.ConferencePages.text;
import static dev.conclave.testing.ConferencePages.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.LoopbackShaper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@link DevicePageTests} in SFU rooms on a real Kurento (needs {@code CONCLAVE_TEST_KMS_URL}; see SfuPageRooms), and
 * a page whose uplink to Kurento is made bad.
 */
@DisplayName("each person's devices and network on the call page, in SFU rooms on Kurento, in browsers through the "
        + "gateway")
class SfuPageDevicesIT extends DevicePageTests {

    SfuPageDevicesIT() {
        super(SfuPageRooms.INSTANCE);
    }

    @Test
    @DisplayName("a page whose uplink to Kurento loses packets and is capped rates its own connection worse and says "
            + "why; the other page shows that level on its tile")
    void qualityFollowsTheUplink() {
        List<ChromeDriver> call = adaAndBobInACall();
        ChromeDriver ada = call.get(0);
        ChromeDriver bob = call.get(1);
        String adaId = participantId(ada);
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
}
