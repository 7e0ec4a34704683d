package dev.conclave.e2e;

import dev.conclave.testing.HeadlessChromium;
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
final class ConferencePages implements AutoCloseable {

    private final List<ChromeDriver> browsers = new ArrayList<>();

    /** A new browser, quit with the others. */
    ChromeDriver start() {
        ChromeDriver browser = HeadlessChromium.start();
        browsers.add(browser);
        return browser;
    }

    /** Opens {@code url} (the page with its query), types the name, presses Join and waits until connected. */
    ChromeDriver join(String url, String name) {
        ChromeDriver browser = start();
        browser.get(url);
        WebElement nameInput = waitUpTo(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("name-input")));
        nameInput.clear();
        nameInput.sendKeys(name);
        browser.findElement(By.id("join-button")).click();
        waitUpTo(browser, Duration.ofSeconds(20))
                .withMessage(() -> "the page says: state=" + text(browser, "connection-state") + ", error="
                        + text(browser, "error-text"))
                .until(ExpectedConditions.attributeToBe(By.id("connection-state"), "data-state", "connected"));
        return browser;
    }

    static String participantId(ChromeDriver browser) {
        return (String) waitUpTo(browser, Duration.ofSeconds(10)).until(driver ->
                script(browser, "return document.body.dataset.participantId || null"));
    }

    static Object script(ChromeDriver browser, String script, Object... arguments) {
        return browser.executeScript(script, arguments);
    }

    static String text(ChromeDriver browser, String id) {
        return (String) script(browser, "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
                id);
    }

    static WebDriverWait waitUpTo(WebDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @Override
    public void close() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }
}
