package dev.conclave.e2e;

import static dev.conclave.testing.ConferencePages.awaitRemoteVideoPlaying;
import static dev.conclave.testing.ConferencePages.participantId;
import static dev.conclave.testing.ConferencePages.script;
import static dev.conclave.testing.ConferencePages.text;
import static dev.conclave.testing.ConferencePages.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ConferencePages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Each person's own media and network on the call page, in real browsers through the gateway, in the rooms a subclass
 * gives (mesh or SFU): choosing devices before and during a call, a denied or lost device, and connection quality.
 */
abstract class DevicePageTests extends PageTests {

    /**
     * Chromium's three fake cameras: {@code fake_device_1} is a depth camera (16-bit grey) that WebRTC cannot encode,
     * so the tests switch between the other two.
     */
    private static final String FAKE_CAMERAS = "--use-fake-device-for-media-stream=device-count=3";

    DevicePageTests(PageRooms rooms) {
        super(rooms);
    }

    @Test
    @DisplayName("the join card previews the chosen camera with a live microphone meter; during the call camera, "
            + "microphone and speaker switch without a new connection, and the other page keeps decoding frames")
    void devices() {
        String room = newRoom("OPEN");
        ChromeDriver ada = pages.start(FAKE_CAMERAS);
        ada.get(roomUrl(room));
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> (Boolean) script(ada,
                "const v = document.getElementById('preview-video'); return v.videoWidth > 0 && !v.paused;"));
        Select cameras = new Select(ada.findElement(By.id("camera-select")));
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> cameras.getOptions().size() == 3);
        assertThat(maxMeter(ada, Duration.ofSeconds(3))).as("the microphone meter moves with the fake beep")
                .isGreaterThan(0.2);
        cameras.selectByVisibleText("fake_device_2");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "fake_device_2".equals(cameraLabel(ada)));
        ada.navigate().refresh();
        waitUpTo(ada, Duration.ofSeconds(10)).withMessage("the choice is remembered")
                .until(driver -> "fake_device_2".equals(cameraLabel(ada)));
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "fake_device_2".equals(
                new Select(ada.findElement(By.id("camera-select"))).getFirstSelectedOption().getText()));
        ada.findElement(By.id("name-input")).sendKeys("Ada");
        ConferencePages.pressJoin(ada);
        assertThat(cameraLabel(ada)).as("the camera chosen before joining").isEqualTo("fake_device_2");

        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        String bobId = participantId(bob);
        long before = SfuPages.framesDecoded(bob, adaId);
        Map<?, ?> sending = sentVideo(ada);

        ada.findElement(By.id("toggle-devices")).click();
        assertThat(ada.findElement(By.id("device-panel")).isDisplayed()).isTrue();
        new Select(ada.findElement(By.id("camera-select"))).selectByVisibleText("fake_device_0");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "fake_device_0".equals(cameraLabel(ada)));
        assertThat(script(ada, "return window.conclave.media.stream.getVideoTracks().length")).isEqualTo(1L);
        waitUpTo(ada, Duration.ofSeconds(10)).withMessage("the new camera on the same sender").until(driver ->
                script(ada, "return window.conclave.media.cameraTrack.id").equals(sentVideo(ada).get("track")));
        assertThat(sentVideo(ada).get("ssrc")).as("the same RTP stream, no new connection")
                .isEqualTo(sending.get("ssrc"));
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> SfuPages.framesDecoded(bob, adaId) > before + 30);
        assertThat(tile(bob, adaId).getAttribute("data-ice-state")).isIn("connected", "completed");

        new Select(ada.findElement(By.id("microphone-select"))).selectByVisibleText("Fake Audio Input 2");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "Fake Audio Input 2".equals(
                script(ada, "return window.conclave.media.audioTrack.label")));
        assertThat(script(ada, "return window.conclave.media.stream.getAudioTracks().length")).isEqualTo(1L);

        Select speakers = new Select(ada.findElement(By.id("speaker-select")));
        speakers.selectByVisibleText("Fake Audio Output 1");
        String chosen = speakers.getFirstSelectedOption().getAttribute("value");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> chosen.equals(script(ada,
                "return document.querySelector('#tiles .tile:not(.local) video').sinkId")));
    }

    @Test
    @DisplayName("a page whose microphone is refused says so before joining, joins with its camera, and shows "
            + "itself muted to the others")
    void deniedMicrophone() {
        String room = newRoom("OPEN");
        ChromeDriver ada = pages.startAskingPermission();
        String origin = gateway().replaceAll("/+$", "");
        ada.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", "microphone"),
                "setting", "denied", "origin", origin));
        ada.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", "camera"),
                "setting", "granted", "origin", origin));
        ada.get(roomUrl(room));
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> driver.findElement(By.id("device-message")).isDisplayed());
        assertThat(text(ada, "device-message")).startsWith("Microphone access was blocked.")
                .contains("Others cannot hear you");
        ada.findElement(By.id("name-input")).sendKeys("Ada");
        ConferencePages.pressJoin(ada);
        assertThat(ada.findElement(By.id("toggle-audio")).isEnabled()).isFalse();

        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "true".equals(tile(bob, adaId).getAttribute("data-audio-muted")));
    }

    @Test
    @DisplayName("camera and microphone lost mid-call (their permission revoked) are said so and shown to the other "
            + "page as off and muted; picking devices again brings both back on the same connection")
    void devicesLostMidCall() {
        String room = newRoom("OPEN");
        ChromeDriver ada = pages.startAskingPermission(FAKE_CAMERAS);
        String origin = gateway().replaceAll("/+$", "");
        setPermissions(ada, origin, "granted");
        ConferencePages.join(ada, roomUrl(room), "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        Map<?, ?> sending = sentVideo(ada);

        setPermissions(ada, origin, "denied");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> text(ada, "notice-text").endsWith(
                "was disconnected. Choose another one under Devices."));
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "true".equals(tile(bob, adaId).getAttribute("data-audio-muted"))
                && "off".equals(tile(bob, adaId).getAttribute("data-video")));
        assertThat(ada.findElement(By.id("toggle-video")).isEnabled()).isFalse();
        assertThat(ada.findElement(By.id("toggle-audio")).isEnabled()).isFalse();

        setPermissions(ada, origin, "granted");
        ada.findElement(By.id("toggle-devices")).click();
        new Select(ada.findElement(By.id("camera-select"))).selectByVisibleText("fake_device_2");
        new Select(ada.findElement(By.id("microphone-select"))).selectByVisibleText("Fake Audio Input 1");
        waitUpTo(bob, Duration.ofSeconds(15)).until(driver -> "false".equals(tile(bob, adaId).getAttribute("data-audio-muted"))
                && "on".equals(tile(bob, adaId).getAttribute("data-video")));
        assertThat(sentVideo(ada).get("ssrc")).as("the same connection").isEqualTo(sending.get("ssrc"));
        assertThat(ada.findElement(By.id("toggle-video")).isEnabled()).isTrue();
    }

    private static void setPermissions(ChromeDriver page, String origin, String setting) {
        for (String name : List.of("camera", "microphone")) {
            page.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", name),
                    "setting", setting, "origin", origin));
        }
    }

    @Test
    @DisplayName("connection quality: the page's rating of readings, a clean loopback call rated good on both pages, "
            + "and a level a page shares shown on its tile at the other page")
    void connectionQuality() {
        List<ChromeDriver> call = adaAndBobInACall();
        ChromeDriver ada = call.get(0);
        ChromeDriver bob = call.get(1);
        String adaId = participantId(ada);

        Object rated = ada.executeAsyncScript("""
                const done = arguments[0];
                import('./js/quality.js').then(({ rate, rateCall }) => {
                  const clean = { rttMs: 20, lossPct: 0, jitterMs: 5, outgoingKbps: 2500, sendingVideo: true };
                  const received = (lossPct) => ({ rttMs: null, lossPct, jitterMs: 5, outgoingKbps: null,
                    sendingVideo: false });
                  done([
                    rate(clean),
                    rate({ ...clean, lossPct: 12 }),
                    rate({ ...clean, rttMs: 350 }),
                    rate({ ...clean, jitterMs: 45, lossPct: 4 }),
                    rate({ ...clean, outgoingKbps: 100 }),
                    rate({ ...clean, outgoingKbps: 100, sendingVideo: false }),
                    rate({ rttMs: null, lossPct: null, jitterMs: null, outgoingKbps: null, sendingVideo: false }),
                    rateCall([{ send: clean, receive: received(20) }], true),
                    rateCall([{ send: clean, receive: received(20) }, { send: clean, receive: received(20) }], true),
                    rateCall([{ send: clean, receive: received(20) }, { send: clean, receive: received(0) }], true),
                    rateCall([{ send: { ...clean, lossPct: 12 }, receive: null }, { send: clean, receive: null },
                      { send: { ...clean, lossPct: 12 }, receive: null }], true),
                    rateCall([{ send: { ...clean, outgoingKbps: 100 }, receive: null }], false),
                  ].map(({ level, reasons }) => level + ': ' + reasons.join(', ')));
                }).catch((e) => done(String(e)));
                """);
        assertThat(rated).asList().containsExactly(
                "good: ",
                "poor: 12 % of packets lost",
                "fair: 350 ms round trip",
                "fair: 4 % of packets lost, 45 ms jitter",
                "poor: 100 kbit/s to send",
                "good: ",
                "good: ",
                "good: ", // one stream lost: its sender's network, maybe
                "poor: 20 % of packets lost", // every stream lost: yours
                "good: ",
                "poor: 12 % of packets lost", // two of three peers get too little of what you send
                "good: "); // in an SFU room the estimate of what can be sent is the media server's policy

        sleep(Duration.ofSeconds(6)); // three readings of the call's statistics
        for (ChromeDriver page : List.of(ada, bob)) {
            assertThat(page.findElement(By.id("connection-quality")).isDisplayed())
                    .as("a clean call: %s", text(page, "connection-quality")).isFalse();
            assertThat(page.findElements(By.cssSelector("#tiles .tile[data-quality]")))
                    .as("others rated not good (Ada's page: %s; Bob's page: %s)", text(ada, "connection-quality"),
                            text(bob, "connection-quality")).isEmpty();
        }

        script(ada, "window.conclave.client.setConnectionQuality('poor')");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "poor".equals(tile(bob, adaId).getAttribute("data-quality")));
        assertThat(tile(bob, adaId).findElement(By.className("tile-quality")).getText()).isEqualTo("poor connection");
        assertThat(tile(bob, adaId).getAttribute("aria-label")).contains("poor connection");
        script(ada, "window.conclave.client.setConnectionQuality('good')");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> tile(bob, adaId).getAttribute("data-quality") == null);
    }

    private static String cameraLabel(ChromeDriver page) {
        return (String) script(page, "const media = window.conclave.media;"
                + "const track = media ? media.cameraTrack : document.getElementById('preview-video').srcObject"
                + "  ?.getVideoTracks()[0];"
                + "return track ? track.label : null;");
    }

    /**
     * The page's outgoing video: its RTP stream's {@code ssrc} and the {@code track} it sends (to the one other page
     * in a mesh, to the media server in an SFU room).
     */
    private static Map<?, ?> sentVideo(ChromeDriver page) {
        return (Map<?, ?>) page.executeAsyncScript("""
                const done = arguments[0];
                Promise.all(window.conclave.mesh.connections().map((pc) => pc.getStats())).then((reports) => {
                  const sent = {};
                  reports.forEach((report) => report.forEach((s) => {
                    if (s.type === 'outbound-rtp' && s.kind === 'video') {
                      sent.ssrc = String(s.ssrc);
                      const source = report.get(s.mediaSourceId);
                      sent.track = source ? source.trackIdentifier : null;
                    }
                  }));
                  done(sent);
                }).catch((e) => done({error: String(e)}));
                """);
    }

    /** The highest reading of the join card's microphone meter over {@code during}. */
    private static double maxMeter(ChromeDriver page, Duration during) {
        double max = 0;
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            max = Math.max(max, ((Number) script(page, "return document.getElementById('mic-meter').value"))
                    .doubleValue());
            sleep(Duration.ofMillis(50));
        }
        return max;
    }
}
