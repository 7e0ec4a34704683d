package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.Database;
import dev.conclave.local.LocalPlatform;
import dev.conclave.testing.ConferencePages;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control plane killed under a live SFU call, on real Kurento Media Servers ({@code CONCLAVE_TEST_KMS_URL}; CI
 * has none, so it is skipped there): three signaling nodes behind the gateway, two media-service replicas, three
 * headless Chromium pages. Every page's decoded video frames from each other page are sampled about four times a
 * second while first a signaling node and then the media-service replica owning the room are SIGKILLed; the test
 * prints the longest gap in frames per page and what each page showed, and fails if a page's video stopped for
 * longer than {@link #MAX_GAP} or anyone published or subscribed again. Run it inside a network namespace with only
 * {@code lo} (README "Kurento recordings"), so every media path stays on 127.0.0.1.
 */
@DisplayName("an SFU call while its control plane is killed, on Kurento")
class SfuControlPlaneKillsIT {

    /** Frames arrive ~30 times a second; a sampling round takes up to ~0.5 s on two cores. */
    private static final Duration MAX_GAP = Duration.ofMillis(1500);
    private static final Duration OBSERVED = Duration.ofSeconds(15);
    private static LocalPlatform platform;
    private static List<URI> kms;
    private final ConferencePages browsers = new ConferencePages();

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
    @DisplayName("a signaling node and then the media-service replica owning the room are SIGKILLed: every page keeps"
            + " decoding every other's video, nobody rejoins, republishes or resubscribes")
    void controlPlaneKills() throws Exception {
        String room = sfuRoom();
        List<ChromeDriver> pages = new ArrayList<>();
        for (String name : List.of("Ada", "Bob", "Cy")) {
            pages.add(browsers.join(platform().gatewayUrl() + "?room=" + room, name, SfuPages.LOOPBACK_CANDIDATES));
        }
        List<String> ids = pages.stream().map(ConferencePages::participantId).toList();
        for (int i = 0; i < pages.size(); i++) {
            for (int j = 0; j < pages.size(); j++) {
                if (i != j) {
                    awaitFrames(pages.get(i), ids.get(j));
                }
            }
        }
        Set<String> endpoints = endpoints(room);
        assertThat(endpoints).as("one publisher and two subscriptions per page").hasSize(9);

        Phase node = observe("signaling node 1 SIGKILLed", pages, ids, () -> platform().killSignalingNode(1));
        String owner = owner(room);
        int replica = Integer.parseInt(owner.substring(owner.lastIndexOf('-') + 1));
        Phase media = observe("media-service replica " + replica + " (" + owner + ", the room's owner) SIGKILLed",
                pages, ids, () -> platform().killMediaReplica(replica));

        for (int i = 0; i < pages.size(); i++) {
            assertThat(ConferencePages.participantId(pages.get(i))).as("still the same participant").isEqualTo(ids.get(i));
        }
        assertThat(endpoints(room)).as("the room's endpoints: the same ones, none made again").isEqualTo(endpoints);
        assertThat(owner(room)).as("the room's owner after the kill").isNotEqualTo(owner);
        for (Phase phase : List.of(node, media)) {
            phase.longestGapMillis().forEach((page, gap) -> assertThat(Duration.ofMillis(gap))
                    .as("%s: longest gap in %s's video", phase.name(), page).isLessThan(MAX_GAP));
        }
    }

    /** What the pages did while one kill happened. */
    private record Phase(String name, Map<String, Long> longestGapMillis, Map<String, Set<String>> states) {
    }

    private interface Kill {
        void run() throws Exception;
    }

    /**
     * Samples every page's decoded frames from each other page for {@link #OBSERVED}, killing after 3 s; prints and
     * returns each page's longest time without a new frame from some other page, and the states its page showed.
     */
    private Phase observe(String name, List<ChromeDriver> pages, List<String> ids, Kill kill) throws Exception {
        Map<String, Long> frames = new LinkedHashMap<>();
        Map<String, Long> lastNewFrame = new LinkedHashMap<>();
        Map<String, Long> longest = new LinkedHashMap<>();
        Map<String, Set<String>> states = new LinkedHashMap<>();
        long started = System.nanoTime();
        boolean killed = false;
        while (System.nanoTime() - started < OBSERVED.toNanos()) {
            if (!killed && System.nanoTime() - started > Duration.ofSeconds(3).toNanos()) {
                kill.run();
                killed = true;
            }
            long round = System.nanoTime();
            for (int i = 0; i < pages.size(); i++) {
                String page = ids.get(i);
                states.computeIfAbsent(page, key -> new LinkedHashSet<>()).add(String.valueOf(ConferencePages.script(
                        pages.get(i), "return document.getElementById('connection-state').textContent")));
                for (int j = 0; j < pages.size(); j++) {
                    if (i == j) {
                        continue;
                    }
                    String stream = page + " <- " + ids.get(j);
                    long decoded = framesDecoded(pages.get(i), ids.get(j));
                    long now = System.nanoTime();
                    // another count than before is a new frame (a lower one: a new connection, counting from 0)
                    if (decoded > 0 && decoded != frames.getOrDefault(stream, -1L)) {
                        frames.put(stream, decoded);
                        lastNewFrame.put(stream, now);
                    }
                    long gap = (now - lastNewFrame.getOrDefault(stream, started)) / 1_000_000;
                    longest.merge(page, gap, Math::max);
                }
            }
            long spent = (System.nanoTime() - round) / 1_000_000;
            if (spent < 250) {
                Thread.sleep(250 - spent);
            }
        }
        System.out.printf("[fault] %s mid-call (3 pages, SFU, Kurento): longest gap in decoded video frames per page"
                + " (ms) %s; the pages showed %s%n", name, longest, states);
        return new Phase(name, longest, states);
    }

    private static void awaitFrames(ChromeDriver page, String remoteId) {
        new WebDriverWait(page, Duration.ofSeconds(30), Duration.ofMillis(200))
                .withMessage(() -> "no video from " + remoteId)
                .until(driver -> {
                    long before = framesDecoded(page, remoteId);
                    sleep(Duration.ofMillis(500));
                    return framesDecoded(page, remoteId) > before && before > 0;
                });
    }

    private static long framesDecoded(ChromeDriver page, String remoteId) {
        return SfuPages.framesDecoded(page, remoteId);
    }

    /** The room's endpoints as media-service saved them. */
    private static Set<String> endpoints(String room) throws SQLException {
        return new LinkedHashSet<>(strings("SELECT endpoint_id FROM media.media_endpoint WHERE room_id = ?"
                + " ORDER BY endpoint_id", room));
    }

    private static String owner(String room) throws SQLException {
        List<String> owners = strings("SELECT replica_id FROM media.media_room_owner WHERE room_id = ?", room);
        assertThat(owners).as("owner of %s", room).hasSize(1);
        return owners.get(0);
    }

    private static List<String> strings(String sql, String parameter) throws SQLException {
        Database database = platform().database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        }
    }

    private static String sfuRoom() {
        return SfuPages.room(platform(), "kills", "SFU");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** auth, two media-service replicas on the given Kurento workers, three signaling nodes, gateway. */
    private static synchronized LocalPlatform platform() {
        if (platform == null) {
            platform = DedicatedPlatform.start("control-plane-kills", options -> options
                    .withKmsUrls(kms)
                    .withSignalingNodes(3)
                    .withMediaReplicas(2));
        }
        return platform;
    }
}
