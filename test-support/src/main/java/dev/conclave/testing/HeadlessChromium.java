package dev.conclave.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, with a fake camera and microphone, driven through Debian's chromedriver — nothing is
 * downloaded. Where either binary is missing the calling test is skipped (failed under CI).
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of(System.getProperty("conclave.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("conclave.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    /** Skips (or fails under CI) unless Chromium and chromedriver are installed. */
    public static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw RequiredServer.unavailable("Chromium",
                    CHROMIUM + " or " + CHROMEDRIVER + " is not installed (apt-get install -y chromium chromium-driver)");
        }
    }

    /** A new browser with its own profile; the caller quits it. */
    public static ChromeDriver start() {
        return start(new String[0]);
    }

    /**
     * With more command-line switches, e.g. {@code --use-file-for-fake-audio-capture=…}; a switch given again
     * replaces the default one (e.g. {@code --window-size=390,844}, {@code --use-fake-device-for-media-stream=device-count=2}).
     */
    public static ChromeDriver start(String... moreArguments) {
        return start(true, moreArguments);
    }

    /**
     * Without the fake permission prompt that grants the camera and microphone to every page: the test decides
     * with {@code Browser.setPermission} (a permission nobody set is refused, as a dismissed prompt).
     */
    public static ChromeDriver startAskingPermission(String... moreArguments) {
        return start(false, moreArguments);
    }

    private static ChromeDriver start(boolean grantMedia, String... moreArguments) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic",
                "--use-fake-device-for-media-stream",
                "--autoplay-policy=no-user-gesture-required",
                "--window-size=1280,800");
        if (grantMedia) {
            options.addArguments("--use-fake-ui-for-media-stream");
        }
        options.addArguments(moreArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
