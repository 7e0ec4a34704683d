package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conclave.local.Database;
import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ConferencePages;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An SFU meeting of three headless Chromium pages through the gateway, on real Kurento Media Servers given by
 * {@code CONCLAVE_TEST_KMS_URL} (comma-separated; two for the failover test). Skipped without it: CI has no KMS.
 * The failover test also needs {@code -Dconclave.test.kms.stop-command="… {port}"} and
 * {@code -Dconclave.test.kms.start-command="… {port}"} to stop and restart the KMS hosting the room.
 */
@DisplayName("an SFU meeting in three browsers, on Kurento, through the gateway")
class SfuMeetingIT {

    private static LocalPlatform platform;
    private static List<URI> kms;
    private final ConferencePages browsers = new ConferencePages();

    /** Per test, so that each is reported skipped with the reason when there is no KMS (as in CI). */
    @BeforeEach
    void kmsAndChromium() {
        kms = SfuPages.kmsOrSkip();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.close();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    @Test
    @DisplayName("three participants publish once and each plays the two others' video; a fourth joins; first frames are timed")
    void threeWaySfuCall() {
        String room = sfuRoom();
        List<ChromeDriver> pages = List.of(join(room, "Ada"), join(room, "Bob"), join(room, "Cy"));
        List<String> ids = pages.stream().map(SfuMeetingIT::participantId).toList();
        for (int i = 0; i < pages.size(); i++) {
            assertThat(script(pages.get(i), "return document.getElementById('topology').dataset.topology"))
                    .isEqualTo("SFU");
            for (int j = 0; j < pages.size(); j++) {
                if (i != j) {
                    awaitFlowingVideo(pages.get(i), ids.get(j), Duration.ofSeconds(30));
                }
            }
        }
        List<Double> firstFrames = new ArrayList<>();
        List<Double> answers = new ArrayList<>();
        for (ChromeDriver page : pages) {
            for (Object timing : (List<?>) script(page, "return window.conclave.mesh.timings")) {
                Map<?, ?> values = (Map<?, ?>) timing;
                assertThat(values.get("firstFrameMs")).as("first frame of %s", values).isNotNull();
                firstFrames.add(((Number) values.get("firstFrameMs")).doubleValue());
                answers.add(((Number) values.get("answerMs")).doubleValue());
            }
        }
        System.out.println("SFU subscribe, three joining at once: offer -> answer applied " + summary(answers)
                + "; offer -> first video frame decoded " + summary(firstFrames));

        ChromeDriver late = join(room, "Dee");
        ids.forEach(id -> awaitFlowingVideo(late, id, Duration.ofSeconds(30)));
        System.out.println("SFU subscribe, a fourth joining the running call: "
                + script(late, "return JSON.stringify(window.conclave.mesh.timings)"));

        assertThat(pipelines(room)).as("the room's pipelines while in the call").isEqualTo(1);
        browsers.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pipelines(room) > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(250));
        }
        assertThat(pipelines(room)).as("the room's pipelines once everyone left").isZero();
    }

    /** The room's pipelines that media-service holds (in its PostgreSQL schema). */
    private static int pipelines(String room) {
        Database database = platform().database();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(),
                database.username(), database.password());
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM media.media_room WHERE room_id = ?")) {
            query.setString(1, room);
            try (java.sql.ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("an AUTO room is a mesh for two, and moves to SFU when a third joins; nobody rejoins")
    void autoRoomGrowsIntoSfu() {
        String room = room("AUTO");
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        String adaId = participantId(ada);
        String bobId = participantId(bob);
        awaitFlowingVideo(ada, bobId, Duration.ofSeconds(30));
        assertThat(script(ada, "return document.getElementById('topology').dataset.topology")).isEqualTo("MESH");

        ChromeDriver cy = join(room, "Cy");
        List<ChromeDriver> pages = List.of(ada, bob, cy);
        List<String> ids = List.of(adaId, bobId, participantId(cy));
        for (ChromeDriver page : pages) {
            new WebDriverWait(page, Duration.ofSeconds(15), Duration.ofMillis(100)).until(driver ->
                    "SFU".equals(script(page, "return document.getElementById('topology').dataset.topology")));
        }
        awaitEveryoneSeesEveryone(pages, ids, Duration.ofSeconds(40));
        for (int i = 0; i < pages.size(); i++) {
            assertThat(participantId(pages.get(i))).isEqualTo(ids.get(i));
            assertThat(script(pages.get(i), "return window.conclave.mesh.worker")).isNotNull();
        }
    }

    @Test
    @DisplayName("killing the Kurento worker that hosts the room moves it; the call resumes without anyone rejoining")
    void failover() throws Exception {
        String stop = System.getProperty("conclave.test.kms.stop-command");
        String start = System.getProperty("conclave.test.kms.start-command");
        assumeTrue(kms.size() >= 2 && stop != null && start != null, "failover needs two workers in "
                + SfuPages.KMS_VARIABLE + " and -Dconclave.test.kms.stop-command / start-command");
        String room = sfuRoom();
        List<ChromeDriver> pages = List.of(join(room, "Ada"), join(room, "Bob"), join(room, "Cy"));
        List<String> ids = pages.stream().map(SfuMeetingIT::participantId).toList();
        awaitEveryoneSeesEveryone(pages, ids, Duration.ofSeconds(30));
        String worker = (String) script(pages.get(0), "return window.conclave.mesh.worker");
        int port = kms.get(Integer.parseInt(worker.substring("kms-".length())) - 1).getPort();

        long killed = System.nanoTime();
        run(stop, port);
        try {
            for (ChromeDriver page : pages) {
                new WebDriverWait(page, Duration.ofSeconds(30), Duration.ofMillis(100))
                        .withMessage(() -> "the page's media stayed on " + worker)
                        .until(driver -> {
                            Object now = script(page, "return window.conclave.mesh.worker");
                            return now != null && !worker.equals(now);
                        });
            }
            awaitEveryoneSeesEveryone(pages, ids, Duration.ofSeconds(40));
            double seconds = (System.nanoTime() - killed) / 1e9;
            System.out.printf("SFU failover: worker %s killed; every page plays every other's video again on %s"
                    + " after %.1f s%n", worker, script(pages.get(0), "return window.conclave.mesh.worker"), seconds);
            for (int i = 0; i < pages.size(); i++) {
                assertThat(participantId(pages.get(i))).as("still the same participant, never rejoined")
                        .isEqualTo(ids.get(i));
            }
        } finally {
            run(start, port);
        }
    }

    private void awaitEveryoneSeesEveryone(List<ChromeDriver> pages, List<String> ids, Duration timeout) {
        for (int i = 0; i < pages.size(); i++) {
            for (int j = 0; j < pages.size(); j++) {
                if (i != j) {
                    awaitFlowingVideo(pages.get(i), ids.get(j), timeout);
                }
            }
        }
    }

    /** The remote's video plays and its decoded frames keep rising. */
    private static void awaitFlowingVideo(ChromeDriver page, String remoteId, Duration timeout) {
        String tile = "#tiles .tile[data-participant-id='" + remoteId + "']";
        new WebDriverWait(page, timeout, Duration.ofMillis(200))
                .withMessage(() -> "no video from " + remoteId + "; page state="
                        + script(page, "return document.getElementById('connection-state').textContent")
                        + ", error=" + script(page, "return document.getElementById('error-text').textContent")
                        + ", its connection=" + script(page, "const pc = window.conclave.mesh.getPeerConnection("
                        + "arguments[0]); return pc ? pc.signalingState + '/' + pc.iceConnectionState + '/'"
                        + " + pc.connectionState + ', remote candidates in SDP: ' + ((pc.remoteDescription?.sdp ?? '')"
                        + ".match(/a=candidate/g) ?? []).length : 'none'", remoteId))
                .until(driver -> {
                    Boolean playing = (Boolean) script(page, "const v = document.querySelector(arguments[0] + ' video');"
                            + "return !!v && v.videoWidth > 0 && !v.paused && v.readyState >= 2;", tile);
                    if (!Boolean.TRUE.equals(playing)) {
                        return false;
                    }
                    long before = framesDecoded(page, remoteId);
                    sleep(Duration.ofMillis(600));
                    return framesDecoded(page, remoteId) > before;
                });
    }

    private static long framesDecoded(ChromeDriver page, String remoteId) {
        return SfuPages.framesDecoded(page, remoteId);
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("min %.0f ms, median %.0f ms, max %.0f ms (%d subscriptions)", sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static void run(String command, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command.replace("{port}", Integer.toString(port)))
                .inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    }

    private static String sfuRoom() {
        return room("SFU");
    }

    private static String room(String topology) {
        return SfuPages.room(platform(), "sfu", topology);
    }

    private ChromeDriver join(String room, String name) {
        return browsers.join(platform().gatewayUrl() + "?room=" + room, name, SfuPages.LOOPBACK_CANDIDATES);
    }

    private static String participantId(ChromeDriver browser) {
        return ConferencePages.participantId(browser);
    }

    private static Object script(ChromeDriver browser, String script, Object... arguments) {
        return ConferencePages.script(browser, script, arguments);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** auth, media-service on the given Kurento workers, one signaling node, gateway. */
    private static synchronized LocalPlatform platform() {
        if (platform == null) {
            platform = DedicatedPlatform.start("sfu", options -> options
                    .withKmsUrls(kms)
                    .withProperties(Service.SIGNALING, Map.of("conclave.signaling.media.auto-sfu-above", "2",
                            "conclave.signaling.media.auto-mesh-at-or-below", "1"))
                    .withProperties(Service.MEDIA, Map.of(
                            "conclave.media.probe-interval", "PT1S",
                            "conclave.media.missed-probes", "2")));
        }
        return platform;
    }
}
