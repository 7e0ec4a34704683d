package dev.conclave.e2e;

import static dev.conclave.testing.ConferencePages.awaitRemoteVideoPlaying;
import static dev.conclave.testing.ConferencePages.participantId;
import static dev.conclave.testing.ConferencePages.script;
import static dev.conclave.testing.ConferencePages.text;
import static dev.conclave.testing.ConferencePages.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.ConferencePages;
import dev.conclave.testing.FakeAudio;
import dev.conclave.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The call page's controls in real browsers, through the gateway, in mesh rooms: a moderator's buttons, the speaker
 * view and pins, choosing devices before and during a call, a denied microphone, and a phone-sized screen. (The same
 * page code runs SFU rooms; SfuMeetingIT drives those against a real Kurento.)
 */
@DisplayName("the call page's controls, in browsers through the gateway")
class PageControlsIT {

    /** Where the browser tests leave the screenshot the README shows (docs/images/call.png is a copy of it). */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "call.png");

    /**
     * Chromium's three fake cameras: {@code fake_device_1} is a depth camera (16-bit grey) that WebRTC cannot encode,
     * so the tests switch between the other two.
     */
    private static final String FAKE_CAMERAS = "--use-fake-device-for-media-stream=device-count=3";

    private final ConferencePages pages = new ConferencePages();

    @BeforeEach
    void platformAndBrowser() {
        HeadlessChromium.requireInstalled();
        RunningPlatform.get();
    }

    @AfterEach
    void closeBrowsers() {
        pages.close();
    }

    @Test
    @DisplayName("a moderator lowers a hand, mutes a microphone, stops a camera and removes someone from the roster; "
            + "the others get no such buttons")
    void moderatorControls() throws IOException {
        ApiClient api = Clients.backend();
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        ChromeDriver mo = pages.openInvitation(invitation(api, room, "mo", "Mo", true));
        ChromeDriver ada = pages.openInvitation(invitation(api, room, "ada", "Ada", false));
        ChromeDriver bob = pages.openInvitation(invitation(api, room, "bob", "Bob", false));
        String adaId = participantId(ada);
        String bobId = participantId(bob);
        awaitRemoteVideoPlaying(mo, bobId);
        awaitRemoteVideoPlaying(ada, bobId);
        waitUpTo(mo, Duration.ofSeconds(10)).until(driver -> !rosterButtons(mo, bobId).isEmpty());
        assertThat(ada.findElements(By.cssSelector("#participants .roster-action"))).as("not a moderator").isEmpty();
        assertThat(rosterButtons(mo, bobId)).containsExactly("Mute", "Stop video", "Mute chat", "Remove");
        saveScreenshot(mo);

        bob.findElement(By.tagName("body")).sendKeys("h");
        waitUpTo(mo, Duration.ofSeconds(10)).until(driver -> rosterButtons(mo, bobId).contains("Lower hand"));
        clickRosterButton(mo, bobId, "lower-hand");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "false".equals(
                bob.findElement(By.id("raise-hand")).getAttribute("aria-pressed")));
        assertThat(text(bob, "notice-text")).isEqualTo("A moderator lowered your hand.");

        clickRosterButton(mo, bobId, "mute-audio");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "true".equals(
                bob.findElement(By.id("toggle-audio")).getAttribute("aria-pressed")));
        assertThat(script(bob, "return window.conclave.media.audioTrack.enabled")).as("Bob's microphone").isEqualTo(false);
        assertThat(text(bob, "notice-text")).isEqualTo("A moderator turned off your microphone.");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "true".equals(tile(ada, bobId).getAttribute("data-audio-muted")));
        waitUpTo(mo, Duration.ofSeconds(10)).until(driver -> !rosterButtons(mo, bobId).contains("Mute"));

        clickRosterButton(mo, bobId, "mute-video");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "off".equals(tile(ada, bobId).getAttribute("data-video")));
        assertThat(script(bob, "return window.conclave.media.cameraTrack.enabled")).as("Bob's camera").isEqualTo(false);

        clickRosterButton(mo, adaId, "remove");
        mo.switchTo().alert().accept();
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> driver.findElement(By.id("join-view")).isDisplayed());
        assertThat(text(ada, "notice-text")).isEqualTo("You were removed from this meeting.");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver ->
                driver.findElements(By.cssSelector("#participants li")).size() == 2);
        assertThat(tiles(mo)).doesNotContain(adaId);
    }

    @Test
    @DisplayName("in the speaker view whoever speaks is shown large and the others in a strip; a pinned tile stays "
            + "large until unpinned; L switches back to the grid")
    void speakerViewAndPin() {
        Path voice = FakeAudio.toneWithPause(Path.of("target", "fake-audio"), Duration.ofMillis(1500),
                Duration.ofMillis(2500));
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Ada",
                "--use-file-for-fake-audio-capture=" + voice.toAbsolutePath());
        ChromeDriver bob = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Bob");
        ChromeDriver cy = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Cy");
        String adaId = participantId(ada);
        String bobId = participantId(bob);
        String cyId = participantId(cy);
        awaitRemoteVideoPlaying(bob, adaId);
        awaitRemoteVideoPlaying(bob, cyId);

        bob.findElement(By.id("toggle-layout")).click();
        assertThat(bob.findElement(By.id("tiles")).getAttribute("data-layout")).isEqualTo("speaker");
        assertThat(bob.findElement(By.id("toggle-layout")).getAttribute("aria-pressed")).isEqualTo("true");
        waitUpTo(bob, Duration.ofSeconds(15)).until(driver -> adaId.equals(featured(bob)));
        assertThat(height(bob, adaId)).as("the speaker is large, the others a strip")
                .isGreaterThan(2 * height(bob, cyId));

        pin(bob, cyId).click();
        assertThat(featured(bob)).isEqualTo(cyId);
        assertThat(pin(bob, cyId).getAttribute("aria-pressed")).isEqualTo("true");
        sleep(Duration.ofSeconds(5)); // Ada's tone plays again meanwhile: the pin holds
        assertThat(featured(bob)).isEqualTo(cyId);
        assertThat(height(bob, cyId)).isGreaterThan(2 * height(bob, adaId));

        pin(bob, cyId).click();
        waitUpTo(bob, Duration.ofSeconds(15)).until(driver -> adaId.equals(featured(bob)));

        bob.findElement(By.tagName("body")).sendKeys("l");
        assertThat(bob.findElement(By.id("tiles")).getAttribute("data-layout")).isEqualTo("grid");
        assertThat(featured(bob)).isNull();
        assertThat(height(bob, adaId)).isEqualTo(height(bob, cyId));
        assertThat(featured(ada)).as("Ada's own page stays a grid").isNull();
        assertThat(tiles(bob)).containsExactlyInAnyOrder(adaId, bobId, cyId);
    }

    @Test
    @DisplayName("the join card previews the chosen camera with a live microphone meter; during the call camera, "
            + "microphone and speaker switch without a new connection, and the other page keeps decoding frames")
    void devices() {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = pages.start(FAKE_CAMERAS);
        ada.get(RunningPlatform.gateway() + "/?room=" + room);
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

        ChromeDriver bob = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        String bobId = participantId(bob);
        long before = SfuPages.framesDecoded(bob, adaId);
        Map<?, ?> sending = sentVideo(ada, bobId);

        ada.findElement(By.id("toggle-devices")).click();
        assertThat(ada.findElement(By.id("device-panel")).isDisplayed()).isTrue();
        new Select(ada.findElement(By.id("camera-select"))).selectByVisibleText("fake_device_0");
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> "fake_device_0".equals(cameraLabel(ada)));
        assertThat(script(ada, "return window.conclave.media.stream.getVideoTracks().length")).isEqualTo(1L);
        waitUpTo(ada, Duration.ofSeconds(10)).withMessage("the new camera on the same sender").until(driver ->
                script(ada, "return window.conclave.media.cameraTrack.id").equals(sentVideo(ada, bobId).get("track")));
        assertThat(sentVideo(ada, bobId).get("ssrc")).as("the same RTP stream, no new connection")
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
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = pages.startAskingPermission();
        String origin = RunningPlatform.gateway().replaceAll("/+$", "");
        ada.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", "microphone"),
                "setting", "denied", "origin", origin));
        ada.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", "camera"),
                "setting", "granted", "origin", origin));
        ada.get(RunningPlatform.gateway() + "/?room=" + room);
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> driver.findElement(By.id("device-message")).isDisplayed());
        assertThat(text(ada, "device-message")).startsWith("Microphone access was blocked.")
                .contains("Others cannot hear you");
        ada.findElement(By.id("name-input")).sendKeys("Ada");
        ConferencePages.pressJoin(ada);
        assertThat(ada.findElement(By.id("toggle-audio")).isEnabled()).isFalse();

        ChromeDriver bob = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "true".equals(tile(bob, adaId).getAttribute("data-audio-muted")));
    }

    @Test
    @DisplayName("camera and microphone lost mid-call (their permission revoked) are said so and shown to the other "
            + "page as off and muted; picking devices again brings both back on the same connection")
    void devicesLostMidCall() {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = pages.startAskingPermission(FAKE_CAMERAS);
        String origin = RunningPlatform.gateway().replaceAll("/+$", "");
        setPermissions(ada, origin, "granted");
        ConferencePages.join(ada, RunningPlatform.gateway() + "/?room=" + room, "Ada");
        ChromeDriver bob = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        Map<?, ?> sending = sentVideo(ada, participantId(bob));

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
        assertThat(sentVideo(ada, participantId(bob)).get("ssrc")).as("the same connection").isEqualTo(sending.get("ssrc"));
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
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Ada");
        ChromeDriver bob = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        awaitRemoteVideoPlaying(ada, participantId(bob));

        Object rated = ada.executeAsyncScript("""
                const done = arguments[0];
                import('./js/quality.js').then(({ rate }) => {
                  const clean = { rttMs: 20, lossPct: 0, jitterMs: 5, outgoingKbps: 2500, sendingVideo: true };
                  done([
                    rate(clean),
                    rate({ ...clean, lossPct: 12 }),
                    rate({ ...clean, rttMs: 350 }),
                    rate({ ...clean, jitterMs: 45, lossPct: 4 }),
                    rate({ ...clean, outgoingKbps: 100 }),
                    rate({ ...clean, outgoingKbps: 100, sendingVideo: false }),
                    rate({ rttMs: null, lossPct: null, jitterMs: null, outgoingKbps: null, sendingVideo: false }),
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
                "good: ");

        sleep(Duration.ofSeconds(6)); // three readings of the call's statistics
        for (ChromeDriver page : List.of(ada, bob)) {
            assertThat(page.findElement(By.id("connection-quality")).isDisplayed()).as("a clean call").isFalse();
            assertThat(page.findElements(By.cssSelector("#tiles .tile[data-quality]"))).isEmpty();
        }

        script(ada, "window.conclave.client.setConnectionQuality('poor')");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "poor".equals(tile(bob, adaId).getAttribute("data-quality")));
        assertThat(tile(bob, adaId).findElement(By.className("tile-quality")).getText()).isEqualTo("poor connection");
        assertThat(tile(bob, adaId).getAttribute("aria-label")).contains("poor connection");
        script(ada, "window.conclave.client.setConnectionQuality('good')");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> tile(bob, adaId).getAttribute("data-quality") == null);
    }

    @Test
    @DisplayName("on a phone-sized screen the call fits the width, and the controls stay on screen while scrolling")
    void phoneLayout() {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = pages.start();
        ada.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 3, "mobile", true));
        ConferencePages.join(ada, RunningPlatform.gateway() + "/?room=" + room, "Ada");
        ChromeDriver bob = pages.join(RunningPlatform.gateway() + "/?room=" + room, "Bob");
        awaitRemoteVideoPlaying(ada, participantId(bob));
        assertThat(script(ada, "return window.innerWidth")).isEqualTo(390L);
        assertThat((Long) script(ada, "return document.documentElement.scrollWidth"))
                .as("no sideways scrolling").isLessThanOrEqualTo(390L);
        script(ada, "window.scrollTo(0, document.body.scrollHeight)");
        WebElement leave = ada.findElement(By.id("leave-button"));
        assertThat(script(ada, "const r = arguments[0].getBoundingClientRect();"
                + "return r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;", leave))
                .as("Leave on screen").isEqualTo(true);
        leave.click();
        waitUpTo(ada, Duration.ofSeconds(10)).until(driver -> driver.findElement(By.id("join-view")).isDisplayed());
    }

    private static String invitation(ApiClient api, String room, String identity, String name, boolean moderator) {
        String grants = moderator ? "[\"publish\", \"subscribe\", \"chat\", \"moderate\"]"
                : "[\"publish\", \"subscribe\", \"chat\"]";
        return api.post("/api/v1/rooms/" + room + "/join-tokens", "{\"identity\": \"" + identity
                + "\", \"displayName\": \"" + name + "\", \"grants\": " + grants + "}").expect(201)
                .get("joinUrl").asString();
    }

    private static List<String> rosterButtons(ChromeDriver page, String participantId) {
        return page.findElements(By.cssSelector("#participants li[data-participant-id='" + participantId
                + "'] .roster-action")).stream().map(WebElement::getText).toList();
    }

    /** Clicks a moderator's button in the roster (found again if a re-render replaced it meanwhile). */
    private static void clickRosterButton(ChromeDriver page, String participantId, String action) {
        waitUpTo(page, Duration.ofSeconds(5)).until(driver -> {
            driver.findElement(By.cssSelector("#participants li[data-participant-id='" + participantId
                    + "'] .roster-action[data-action='" + action + "']")).click();
            return true;
        });
    }

    private static WebElement tile(ChromeDriver page, String participantId) {
        return page.findElement(By.cssSelector("#tiles .tile[data-participant-id='" + participantId + "']"));
    }

    private static List<String> tiles(ChromeDriver page) {
        return page.findElements(By.cssSelector("#tiles .tile")).stream()
                .map(tile -> tile.getAttribute("data-participant-id")).toList();
    }

    private static WebElement pin(ChromeDriver page, String participantId) {
        WebElement pin = tile(page, participantId).findElement(By.className("tile-pin"));
        script(page, "arguments[0].scrollIntoView({block: 'center'})", pin);
        return pin;
    }

    private static String featured(ChromeDriver page) {
        return (String) script(page, "const t = document.querySelector('#tiles .tile[data-featured=\"true\"]');"
                + "return t ? t.dataset.participantId : null;");
    }

    private static long height(ChromeDriver page, String participantId) {
        return ((Number) script(page, "return Math.round(arguments[0].getBoundingClientRect().height)",
                tile(page, participantId))).longValue();
    }

    private static String cameraLabel(ChromeDriver page) {
        return (String) script(page, "const media = window.conclave.media;"
                + "const track = media ? media.cameraTrack : document.getElementById('preview-video').srcObject"
                + "  ?.getVideoTracks()[0];"
                + "return track ? track.label : null;");
    }

    /** The page's outgoing video to {@code remoteId}: its RTP stream's {@code ssrc} and the {@code track} it sends. */
    private static Map<?, ?> sentVideo(ChromeDriver page, String remoteId) {
        return (Map<?, ?>) page.executeAsyncScript("""
                const [remoteId, done] = arguments;
                window.conclave.mesh.getStats(remoteId).then((report) => {
                  const sent = {};
                  report.forEach((s) => {
                    if (s.type === 'outbound-rtp' && s.kind === 'video') {
                      sent.ssrc = String(s.ssrc);
                      const source = report.get(s.mediaSourceId);
                      sent.track = source ? source.trackIdentifier : null;
                    }
                  });
                  done(sent);
                }).catch((e) => done({error: String(e)}));
                """, remoteId);
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

    /** Keeps a screenshot of a three-person call for the README. */
    private static void saveScreenshot(ChromeDriver page) throws IOException {
        Path shot = page.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
