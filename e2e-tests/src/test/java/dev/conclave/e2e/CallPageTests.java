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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What people do together on the call page, in real browsers through the gateway, in the rooms a subclass gives (mesh
 * or SFU: the page runs both with the same code, but not the same connections): who is speaking, hands and
 * reactions, a moderator's buttons, the speaker view and pins, and a phone-sized screen.
 */
abstract class CallPageTests extends PageTests {

    /** Where the browser tests leave the screenshot the README shows (docs/images/call.png is a copy of it). */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "call.png");

    CallPageTests(PageRooms rooms) {
        super(rooms);
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
        String room = newRoom("OPEN");
        ChromeDriver ada = joinSpeakingInBursts(room, "Ada");
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
        if (rooms.topology().equals("MESH")) {
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
        String room = newRoom("OPEN");
        ChromeDriver ada = joinSpeakingInBursts(room, "Ada");
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

    /** Keeps a screenshot of a three-person call for the README. */
    private static void saveScreenshot(ChromeDriver page) throws IOException {
        Path shot = page.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Joins with a microphone that plays a tone for 1.5 s, then is silent for 2.5 s, over and over. */
    private ChromeDriver joinSpeakingInBursts(String room, String name) {
        Path voice = FakeAudio.toneWithPause(Path.of("target", "fake-audio"), Duration.ofMillis(1500),
                Duration.ofMillis(2500));
        return join(room, name, "--use-file-for-fake-audio-capture=" + voice.toAbsolutePath());
    }
}
