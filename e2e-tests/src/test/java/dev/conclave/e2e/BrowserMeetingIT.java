package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.ApiClient;
import dev.conclave.local.Service;
import dev.conclave.testing.HeadlessChromium;
import dev.conclave.testing.faults.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Two people in headless Chromium (fake camera and microphone) open the conference page through the gateway, as
 * anyone with the link would, and hold a mesh call: ICE connects, each sees the other's video, chat crosses, and
 * when one closes the tab the other sees them leave. (What they do in the call is in {@link CallPageTests}.)
 */
@DisplayName("a mesh meeting in two browsers, through the gateway")
class BrowserMeetingIT {

    private final List<ChromeDriver> browsers = new ArrayList<>();

    /** Per test, not per class: a skip (no Chromium) must show in the report as a skipped test, with its reason. */
    @BeforeEach
    void platformAndBrowser() {
        HeadlessChromium.requireInstalled();
        RunningPlatform.get();
    }

    private int restartNode;

    @AfterEach
    void closeBrowsers() throws Exception {
        browsers.forEach(WebDriver::quit);
        if (restartNode > 0) {
            RunningPlatform.get().restartSignalingNode(restartNode);
        }
    }

    @Test
    @DisplayName("two people join, see and hear each other, chat, and one leaving by closing the tab is seen within 10 s")
    void meeting() {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        String bobId = participantId(bob);

        awaitRemoteVideoPlaying(ada, bobId);
        awaitRemoteVideoPlaying(bob, adaId);
        assertThat(bob.findElements(By.cssSelector("#participants li"))).hasSize(2);

        sayAndAwait(ada, adaId, "Hello from Ada", bob);

        long closedAt = System.nanoTime();
        ada.quit();
        browsers.remove(ada);
        wait(bob, Duration.ofSeconds(10)).until(driver ->
                driver.findElements(By.cssSelector("#tiles .tile[data-participant-id='" + adaId + "']")).isEmpty()
                        && driver.findElements(By.cssSelector("#participants li")).size() == 1);
        Duration seenLeaving = Duration.ofNanos(System.nanoTime() - closedAt);
        System.out.println("Participant left seen by the other tab after " + seenLeaving.toMillis() + " ms");
        assertThat(seenLeaving).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("two people invited through the API open their join links to a TOKEN room and see each other")
    void invitedThroughTheApi() {
        ApiClient api = Clients.backend();
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\"}").expect(201).get("id").asString();
        String graceLink = api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"grace\", \"displayName\": \"Grace\"}").expect(201).get("joinUrl").asString();
        String alanLink = api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"alan\", \"displayName\": \"Alan\"}").expect(201).get("joinUrl").asString();

        ChromeDriver grace = openInvitation(graceLink, room, "Grace");
        ChromeDriver alan = openInvitation(alanLink, room, "Alan");

        awaitRemoteVideoPlaying(grace, participantId(alan));
        awaitRemoteVideoPlaying(alan, participantId(grace));
        JsonNode participants = api.get("/api/v1/rooms/" + room + "/participants").expect(200);
        assertThat(participants.findValuesAsString("identity")).containsExactlyInAnyOrder("grace", "alan");
    }

    @Test
    @DisplayName("the signaling node under a page is killed: the page shows reconnecting, comes back by itself as the "
            + "same participant on another node, and the call goes on with no one leaving")
    void pageReconnectsAfterNodeLoss() throws Exception {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        String bobId = participantId(bob);
        awaitRemoteVideoPlaying(bob, adaId);
        ApiClient api = Clients.backend();
        String adaNode = nodeOf(api, room, adaId);
        recordConnectionStates(ada);
        recordTileRemovals(bob);

        int node = nodeIndex(adaNode);
        restartNode = node;
        long killedAt = System.nanoTime();
        RunningPlatform.get().killSignalingNode(node);

        wait(ada, Duration.ofSeconds(25)).until(driver -> !adaNode.equals(nodeOf(api, room, adaId))
                && "connected".equals(driver.findElement(By.id("connection-state")).getAttribute("data-state")));
        System.out.println("Page back on another node after " + Duration.ofNanos(System.nanoTime() - killedAt).toMillis()
                + " ms");
        assertThat(script(ada, "return window.__states")).asList().contains("reconnecting");
        assertThat(participantId(ada)).isEqualTo(adaId);
        assertThat(script(bob, "return window.__removedTiles")).asList().doesNotContain(adaId);

        sayAndAwait(ada, adaId, "Still here", bob);
        awaitRemoteVideoPlaying(bob, adaId);
        awaitRemoteVideoPlaying(ada, bobId);
        assertThat(api.get("/api/v1/rooms/" + room + "/participants").expect(200).findValuesAsString("id"))
                .containsExactlyInAnyOrder(adaId, bobId);
    }

    @Test
    @DisplayName("the network path under a page goes dead without a word: the page notices by its own check, shows "
            + "reconnecting, and comes back as the same participant when the path returns, with no one leaving")
    void pageNoticesADeadPath() throws Exception {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        try (FaultProxy path = FaultProxy.start("ada-path", RunningPlatform.get().port(Service.GATEWAY))) {
            ChromeDriver ada = joinAt("http://localhost:" + path.port(), room, "Ada");
            ChromeDriver bob = join(room, "Bob");
            String adaId = participantId(ada);
            awaitRemoteVideoPlaying(bob, adaId);
            recordConnectionStates(ada);
            recordTileRemovals(bob);

            long cut = System.nanoTime();
            path.blackHole(); // Ada's signaling connection stays open, and nothing crosses it either way
            // the server's pings go every 2 s here: the page checks after 3 quiet intervals (counted from the last
            // frame it had, perhaps before the cut), and waits one for the answer; without the check it never notices
            wait(ada, Duration.ofSeconds(15)).until(driver -> ((List<?>) script(ada, "return window.__states"))
                    .contains("reconnecting"));
            Duration noticed = Duration.ofNanos(System.nanoTime() - cut);
            System.out.println("The page noticed its dead path after " + noticed.toMillis() + " ms");
            path.restore();

            awaitConnected(ada);
            assertThat(participantId(ada)).isEqualTo(adaId);
            assertThat(script(bob, "return window.__removedTiles")).asList().doesNotContain(adaId);
            sayAndAwait(ada, adaId, "Back again", bob);
        }
    }

    private static String nodeOf(ApiClient api, String room, String participantId) {
        for (JsonNode participant : api.get("/api/v1/rooms/" + room + "/participants").expect(200)) {
            if (participant.get("id").asString().equals(participantId)) {
                return participant.get("node").asString();
            }
        }
        return null;
    }

    private static int nodeIndex(String nodeId) {
        for (int node = 1; node <= RunningPlatform.SIGNALING_NODES; node++) {
            if (dev.conclave.local.LocalPlatform.signalingNodeId(node).equals(nodeId)) {
                return node;
            }
        }
        throw new IllegalArgumentException(nodeId);
    }

    /** Keeps, in {@code window.__states}, every state the page's connection indicator goes through from now on. */
    private static void recordConnectionStates(ChromeDriver browser) {
        script(browser, "window.__states = [];"
                + "const indicator = document.getElementById('connection-state');"
                + "new MutationObserver(() => window.__states.push(indicator.dataset.state))"
                + ".observe(indicator, {attributes: true, attributeFilter: ['data-state']});");
    }

    /** Keeps, in {@code window.__removedTiles}, the participant id of every video tile removed from now on. */
    private static void recordTileRemovals(ChromeDriver browser) {
        script(browser, "window.__removedTiles = [];"
                + "new MutationObserver(changes => changes.forEach(change => change.removedNodes.forEach(node =>"
                + "  node.dataset && node.dataset.participantId && window.__removedTiles.push(node.dataset.participantId))))"
                + ".observe(document.getElementById('tiles'), {childList: true});");
    }

    private static Object script(ChromeDriver browser, String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    /** Opens an invitation link: the room and the name come from it; the person only presses Join. */
    private ChromeDriver openInvitation(String joinUrl, String room, String expectedName) {
        ChromeDriver browser = HeadlessChromium.start();
        browsers.add(browser);
        browser.get(joinUrl);
        WebElement joinButton = wait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("join-button")));
        assertThat(browser.findElement(By.id("room-input")).getAttribute("value")).isEqualTo(room);
        assertThat(browser.findElement(By.id("name-input")).getAttribute("value")).isEqualTo(expectedName);
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
        joinButton.click();
        awaitConnected(browser);
        return browser;
    }

    private ChromeDriver join(String room, String name) {
        return joinAt(RunningPlatform.gateway(), room, name);
    }

    /** Opens the page at {@code site} (the gateway, or a path to it) and joins as a person would. */
    private ChromeDriver joinAt(String site, String room, String name) {
        ChromeDriver browser = HeadlessChromium.start();
        browsers.add(browser);
        browser.get(site + "/?room=" + room);
        WebElement nameInput = wait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("name-input")));
        nameInput.clear();
        nameInput.sendKeys(name);
        assertThat(browser.findElement(By.id("room-input")).getAttribute("value")).isEqualTo(room);
        browser.findElement(By.id("join-button")).click();
        awaitConnected(browser);
        return browser;
    }

    /** Waits for the page to say it is connected; if it does not, the failure quotes what the page says instead. */
    private static void awaitConnected(ChromeDriver browser) {
        wait(browser, Duration.ofSeconds(20))
                .withMessage(() -> "the page says: state=" + text(browser, "connection-state") + ", error="
                        + text(browser, "error-text") + ", notice=" + text(browser, "notice-text"))
                .until(ExpectedConditions.attributeToBe(By.id("connection-state"), "data-state", "connected"));
    }

    private static String text(ChromeDriver browser, String id) {
        return (String) script(browser, "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
                id);
    }

    private static String participantId(ChromeDriver browser) {
        return (String) wait(browser, Duration.ofSeconds(10)).until(driver ->
                ((JavascriptExecutor) driver).executeScript("return document.body.dataset.participantId || null"));
    }

    private static void awaitRemoteVideoPlaying(ChromeDriver browser, String remoteId) {
        String tile = "#tiles .tile[data-participant-id='" + remoteId + "']";
        wait(browser, Duration.ofSeconds(20)).until(driver -> {
            List<WebElement> tiles = driver.findElements(By.cssSelector(tile));
            if (tiles.isEmpty()) {
                return false;
            }
            String ice = tiles.get(0).getAttribute("data-ice-state");
            return "connected".equals(ice) || "completed".equals(ice);
        });
        wait(browser, Duration.ofSeconds(20)).until(driver -> (Boolean) ((JavascriptExecutor) driver).executeScript(
                "const v = document.querySelector(arguments[0] + ' video');"
                        + "return !!v && v.videoWidth > 0 && !v.paused && v.readyState >= 2;", tile));
    }

    /** {@code from} says {@code text} in the chat; {@code to} sees it, from {@code fromId}, within 10 s. */
    private static void sayAndAwait(ChromeDriver from, String fromId, String text, ChromeDriver to) {
        say(from, text);
        WebElement received = wait(to, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".chat-message[data-from='" + fromId + "'] .chat-text")));
        assertThat(received.getText()).isEqualTo(text);
    }

    private static void say(ChromeDriver browser, String text) {
        WebElement input = browser.findElement(By.id("chat-input"));
        input.sendKeys(text);
        browser.findElement(By.id("chat-send")).click();
    }

    private static WebDriverWait wait(WebDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
