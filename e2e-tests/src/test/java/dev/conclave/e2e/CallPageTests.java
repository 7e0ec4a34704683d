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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * What people do on the call page, in real browsers through the gateway, in rooms of one topology per subclass (the
 * page runs mesh and SFU calls with the same code, but not the same connections): who is speaking, hands and
 * reactions, a moderator's buttons, the speaker view and pins, choosing devices before and during a call, a denied
 * or lost device, connection quality, and a phone-sized screen.
 */
abstract class CallPageTests {

    /** Where the browser tests leave the screenshot the README shows (docs/images/call.png is a copy of it). */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "call.png");

    /**
     * Chromium's three fake cameras: {@code fake_device_1} is a depth camera (16-bit grey) that WebRTC cannot encode,
     * so the tests switch between the other two.
     */
    private static final String FAKE_CAMERAS = "--use-fake-device-for-media-stream=device-count=3";

    private final String topology;
    final ConferencePages pages;

    /**
     * @param topology the rooms' topology, {@code MESH} or {@code SFU}
     * @param everyBrowser switches every page's browser gets
     */
    CallPageTests(String topology, String... everyBrowser) {
        this.topology = topology;
        this.pages = new ConferencePages(everyBrowser);
    }

    /** The gateway's address, as people open it. */
    abstract String gateway();

    /** An internal service allowed to create rooms and join tokens. */
    abstract ApiClient api();

    @AfterEach
    void closeBrowsers() {
        pages.close();
    }

    /** A new room of this topology, made through the API; its id. */
    String newRoom(String access) {
        return api().post("/api/v1/rooms", "{\"access\": \"" + access + "\", \"topology\": \"" + topology + "\"}")
                .expect(201).get("id").asString();
    }

    String roomUrl(String room) {
        return gateway() + "/?room=" + room;
    }

    ChromeDriver join(String room, String name, String... chromiumArguments) {
        return pages.join(roomUrl(room), name, chromiumArguments);
    }

    @Test
    @DisplayName("a hand raised with the H key goes to the top of the other's list and is announced; a reaction "
            + "floats over the sender's tile; M mutes; the hand button lowers the hand")
    void handsReactionsAndShortcuts() {
        String room = newRoom("OPEN");
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        String bobId = participantId(bob);
        awaitRemoteVideoPlaying(bob, adaId);
        assertThat(firstListed(bob)).isEqualTo(bobId);

        ada.findElement(By.tagName("body")).sendKeys("h");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> adaId.equals(firstListed(bob)));
        assertThat(bob.findElement(By.cssSelector("#participants li[data-participant-id='" + adaId + "']"))
                .getAttribute("data-hand-raised")).isEqualTo("true");
        assertThat(bob.findElement(By.cssSelector("#tiles .tile[data-participant-id='" + adaId + "']"))
                .getAttribute("aria-label")).contains("hand raised");
        waitUpTo(bob, Duration.ofSeconds(5)).until(driver -> "Ada raised their hand".equals(
                driver.findElement(By.id("announcer")).getAttribute("textContent")));
        assertThat(ada.findElement(By.id("raise-hand")).getAttribute("aria-pressed")).isEqualTo("true");

        bob.findElement(By.cssSelector("#reactions .reaction-button[data-emoji='🎉']")).click();
        WebElement floating = waitUpTo(ada, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#tiles .tile[data-participant-id='" + bobId + "'] .tile-reaction")));
        assertThat(floating.getAttribute("textContent")).isEqualTo("🎉");

        ada.findElement(By.tagName("body")).sendKeys("m");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "true".equals(driver.findElement(
                By.cssSelector("#tiles .tile[data-participant-id='" + adaId + "']")).getAttribute("data-audio-muted")));

        ada.findElement(By.id("raise-hand")).click();
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> bobId.equals(firstListed(bob)) && driver.findElements(
                By.cssSelector("#participants li[data-hand-raised='true']")).isEmpty());
    }

    @Test
    @DisplayName("a page whose microphone plays a tone with pauses is shown speaking during the tone and not in the "
            + "pauses, on the other page; muted, never")
    void speaking() {
        Path voice = FakeAudio.toneWithPause(Path.of("target", "fake-audio"), Duration.ofMillis(1500),
                Duration.ofMillis(2500));
        String room = newRoom("OPEN");
        ChromeDriver ada = join(room, "Ada", "--use-file-for-fake-audio-capture=" + voice.toAbsolutePath());
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);

        List<Boolean> heard = speakingSeen(bob, adaId, Duration.ofSeconds(9));
        assertThat(longestRun(heard, true)).as("speaking while the tone plays: %s", heard).isGreaterThanOrEqualTo(5);
        assertThat(longestRun(heard, false)).as("not speaking in the pauses: %s", heard).isGreaterThanOrEqualTo(5);
        assertThat(changes(heard)).as("on and off with the tone: %s", heard).isGreaterThanOrEqualTo(2);

        ada.findElement(By.tagName("body")).sendKeys("m");
        waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> "true".equals(driver.findElement(
                By.cssSelector("#tiles .tile[data-participant-id='" + adaId + "']")).getAttribute("data-audio-muted")));
        sleep(Duration.ofSeconds(1));
        assertThat(speakingSeen(bob, adaId, Duration.ofSeconds(5))).as("muted").containsOnly(false);
        assertThat(speakingSeen(ada, adaId, Duration.ofSeconds(1))).as("muted, on its own page").containsOnly(false);
    }

    /** Whether the participant's tile shows it speaking, read every 100 ms for {@code during}. */
    private static List<Boolean> speakingSeen(ChromeDriver page, String participantId, Duration during) {
        List<Boolean> seen = new ArrayList<>();
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            seen.add("true".equals(page.findElement(By.cssSelector(
                    "#tiles .tile[data-participant-id='" + participantId + "']")).getAttribute("data-speaking")));
            sleep(Duration.ofMillis(100));
        }
        return seen;
    }

    private static int longestRun(List<Boolean> values, boolean value) {
        int longest = 0;
        int run = 0;
        for (boolean each : values) {
            run = each == value ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static int changes(List<Boolean> values) {
        int changes = 0;
        for (int i = 1; i < values.size(); i++) {
            changes += values.get(i).equals(values.get(i - 1)) ? 0 : 1;
        }
        return changes;
    }

    private static String firstListed(ChromeDriver page) {
        return page.findElement(By.cssSelector("#participants li")).getAttribute("data-participant-id");
    }

    @Test
    @DisplayName("a moderator lowers a hand, mutes a microphone, stops a camera and removes someone from the roster; "
            + "the others get no such buttons")
    void moderatorControls() throws IOException {
        ApiClient api = api();
        String room = newRoom("TOKEN");
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
        if (topology.equals("MESH")) {
            saveScreenshot(mo); // the README shows a mesh call
        }

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
        String room = newRoom("OPEN");
        ChromeDriver ada = join(room, "Ada",
                "--use-file-for-fake-audio-capture=" + voice.toAbsolutePath());
        ChromeDriver bob = join(room, "Bob");
        ChromeDriver cy = join(room, "Cy");
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
        String room = newRoom("OPEN");
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        awaitRemoteVideoPlaying(bob, adaId);
        awaitRemoteVideoPlaying(ada, participantId(bob));

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

    @Test
    @DisplayName("on a phone-sized screen the call fits the width, and the controls stay on screen while scrolling")
    void phoneLayout() {
        String room = newRoom("OPEN");
        ChromeDriver ada = pages.start();
        ada.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 3, "mobile", true));
        ConferencePages.join(ada, roomUrl(room), "Ada");
        ChromeDriver bob = join(room, "Bob");
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
