package dev.conclave.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Chromium pages on the conference page, joined as a person would; closing quits them all. */
public final class ConferencePages implements AutoCloseable {

    private final List<ChromeDriver> browsers = new ArrayList<>();
    private final List<String> everyBrowser;

    /** @param everyBrowser switches every browser started here gets (for example loopback ICE candidates) */
    public ConferencePages(String... everyBrowser) {
        this.everyBrowser = List.of(everyBrowser);
    }

    /** A new browser, quit with the others; {@code chromiumArguments} are more switches for it. */
    public ChromeDriver start(String... chromiumArguments) {
        ChromeDriver browser = HeadlessChromium.start(withEveryBrowsers(chromiumArguments));
        browsers.add(browser);
        return browser;
    }

    /** A new browser whose camera and microphone permissions the test sets (see HeadlessChromium). */
    public ChromeDriver startAskingPermission(String... chromiumArguments) {
        ChromeDriver browser = HeadlessChromium.startAskingPermission(withEveryBrowsers(chromiumArguments));
        browsers.add(browser);
        return browser;
    }

    private String[] withEveryBrowsers(String... chromiumArguments) {
        List<String> all = new ArrayList<>(everyBrowser);
        all.addAll(List.of(chromiumArguments));
        return all.toArray(String[]::new);
    }

    /**
     * Opens {@code url} (the page with its query), types the name, presses Join and waits until connected;
     * {@code chromiumArguments} are more switches for the browser.
     */
    public ChromeDriver join(String url, String name, String... chromiumArguments) {
        return join(start(chromiumArguments), url, name);
    }

    /** In a browser already started: opens {@code url}, types the name, presses Join and waits until connected. */
    public static ChromeDriver join(ChromeDriver browser, String url, String name) {
        browser.get(url);
        WebElement nameInput = waitUpTo(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("name-input")));
        nameInput.clear();
        nameInput.sendKeys(name);
        pressJoin(browser);
        return browser;
    }

    /** Opens an invitation link (room and name come from its token) and presses Join. */
    public ChromeDriver openInvitation(String joinUrl, String... chromiumArguments) {
        ChromeDriver browser = start(chromiumArguments);
        browser.get(joinUrl);
        pressJoin(browser);
        return browser;
    }

    /** Presses Join on the page's join form and waits until connected. */
    public static void pressJoin(ChromeDriver browser) {
        waitUpTo(browser, Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.id("join-button")))
                .click();
        waitUpTo(browser, Duration.ofSeconds(20))
                .withMessage(() -> "the page says: state=" + text(browser, "connection-state") + ", error="
                        + text(browser, "error-text") + ", notice=" + text(browser, "notice-text"))
                .until(ExpectedConditions.attributeToBe(By.id("connection-state"), "data-state", "connected"));
    }

    public static String participantId(ChromeDriver browser) {
        return (String) waitUpTo(browser, Duration.ofSeconds(10)).until(driver ->
                script(browser, "return document.body.dataset.participantId || null"));
    }

    public static Object script(ChromeDriver browser, String script, Object... arguments) {
        return browser.executeScript(script, arguments);
    }

    public static String text(ChromeDriver browser, String id) {
        return (String) script(browser, "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
                id);
    }

    public static WebDriverWait waitUpTo(WebDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until the tile of {@code remoteId} has connected ICE and a playing video with frames. */
    public static void awaitRemoteVideoPlaying(ChromeDriver browser, String remoteId) {
        String tile = "#tiles .tile[data-participant-id='" + remoteId + "']";
        waitUpTo(browser, Duration.ofSeconds(20)).withMessage(() -> "no connected tile for " + remoteId).until(driver -> {
            List<WebElement> tiles = driver.findElements(By.cssSelector(tile));
            if (tiles.isEmpty()) {
                return false;
            }
            String ice = tiles.get(0).getAttribute("data-ice-state");
            return "connected".equals(ice) || "completed".equals(ice);
        });
        waitUpTo(browser, Duration.ofSeconds(20)).withMessage(() -> "no video playing from " + remoteId).until(driver ->
                (Boolean) script(browser, "const v = document.querySelector(arguments[0] + ' video');"
                        + "return !!v && v.videoWidth > 0 && !v.paused && v.readyState >= 2;", tile));
    }

    /** Keeps, in {@code window.__states}, every state the page's connection indicator goes through from now on. */
    public static void recordConnectionStates(ChromeDriver browser) {
        script(browser, "window.__states = [];"
                + "const indicator = document.getElementById('connection-state');"
                + "new MutationObserver(() => window.__states.push(indicator.dataset.state))"
                + ".observe(indicator, {attributes: true, attributeFilter: ['data-state']});");
    }

    /** Types {@code text} into the chat and sends it. */
    public static void say(ChromeDriver browser, String text) {
        browser.findElement(By.id("chat-input")).sendKeys(text);
        browser.findElement(By.id("chat-send")).click();
    }

    @Override
    public void close() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }
}
