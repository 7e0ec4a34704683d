package dev.conclave.e2e;

import static dev.conclave.testing.ConferencePages.participantId;
import static dev.conclave.testing.ConferencePages.script;
import static dev.conclave.testing.ConferencePages.text;
import static dev.conclave.testing.ConferencePages.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ConferencePages;
import dev.conclave.testing.HeadlessChromium;
import dev.conclave.testing.LoopbackShaper;
import dev.conclave.testing.Pause;
import dev.conclave.testing.TestTurnServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * TURN with ephemeral credentials against a real coturn ({@code use-auth-secret}): coturn refuses expired and forged
 * credentials in a real Allocate and accepts valid ones; and two people whose pages are opened with {@code ?relay=1}
 * hold a mesh call entirely through coturn, with the credentials signaling minted for each of them. The platform here
 * is a dedicated one (one signaling node) configured with this coturn's URLs and secret; the shared e2e platform is
 * left as it is.
 */
@DisplayName("TURN relaying with ephemeral credentials, through a real coturn")
class TurnRelayIT {

    private static final Duration CREDENTIAL_TTL = Duration.ofHours(2);

    private static TestTurnServer turn;
    private static LocalPlatform platform;

    private final ConferencePages browsers = new ConferencePages();

    /** Per test, not per class: a skip (no Chromium, no coturn) must show in the report as skipped tests. */
    @BeforeEach
    void chromiumAndCoturn() {
        HeadlessChromium.requireInstalled();
        TestTurnServer.requireInstalled();
        synchronized (TurnRelayIT.class) {
            if (turn == null) {
                turn = TestTurnServer.start();
            }
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.close();
    }

    @AfterAll
    static void stopPlatformAndCoturn() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
        if (turn != null) {
            turn.close();
            turn = null;
        }
    }

    @Nested
    @DisplayName("coturn, asked for a relay (a real TURN Allocate from Chromium),")
    class Allocation {

        @Test
        @DisplayName("gives one for credentials signed with the shared secret that have not expired")
        void validCredentials() {
            String username = expiry(Duration.ofHours(1)) + ":p_valid";

            Gathered gathered = gather(username, TestTurnServer.credential(turn.sharedSecret(), username));

            assertThat(gathered.relayAddresses()).as("relay candidates; errors: %s", gathered.errors()).isNotEmpty()
                    .allSatisfy(address -> assertThat(address).isEqualTo("127.0.0.1"));
            assertThat(gathered.errorCodes()).doesNotContain(401L);
        }

        @Test
        @DisplayName("refuses (401) credentials whose expiry has passed, though signed with the shared secret")
        void expiredCredentials() {
            String username = expiry(Duration.ofMinutes(-1)) + ":p_expired";

            Gathered gathered = gather(username, TestTurnServer.credential(turn.sharedSecret(), username));

            assertThat(gathered.relayAddresses()).isEmpty();
            assertThat(gathered.errorCodes()).as("errors: %s", gathered.errors()).contains(401L);
        }

        @Test
        @DisplayName("refuses (401) credentials signed with another secret")
        void forgedCredentials() {
            String username = expiry(Duration.ofHours(1)) + ":p_forged";

            Gathered gathered = gather(username,
                    TestTurnServer.credential("not-the-shared-secret-0123456789", username));

            assertThat(gathered.relayAddresses()).isEmpty();
            assertThat(gathered.errorCodes()).as("errors: %s", gathered.errors()).contains(401L);
        }

        /** Gathers candidates with only this TURN server and the relay policy, until gathering completes. */
        private Gathered gather(String username, String credential) {
            ChromeDriver browser = browser();
            browser.get("about:blank");
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) browser.executeAsyncScript("""
                    const [urls, username, credential, done] = arguments;
                    const pc = new RTCPeerConnection({iceServers: [{urls, username, credential}],
                                                      iceTransportPolicy: 'relay'});
                    const relays = [], errors = [];
                    let finished = false;
                    const finish = () => {
                      if (finished) return;
                      finished = true;
                      pc.close();
                      done({relays, errors});
                    };
                    pc.onicecandidate = ({candidate}) => {
                      if (candidate && candidate.type === 'relay') relays.push(candidate.address);
                      if (!candidate) finish();
                    };
                    pc.onicecandidateerror = (e) => errors.push({code: e.errorCode, text: e.errorText, url: e.url});
                    pc.createDataChannel('probe');
                    pc.createOffer().then((offer) => pc.setLocalDescription(offer));
                    setTimeout(finish, 15000);
                    """, turn.urls(), username, credential);
            return new Gathered(result);
        }
    }

    @Nested
    @DisplayName("two people in a mesh room, their pages opened with ?relay=1,")
    class RelayedCall {

        @BeforeEach
        void platformWithTurn() {
            platform();
        }

        @Test
        @DisplayName("connect through coturn only, with credentials signaling minted for each, and video keeps flowing")
        void callThroughTurn() {
            String room = "turn-" + UUID.randomUUID().toString().substring(0, 8);
            ChromeDriver ada = join(room, "Ada");
            ChromeDriver bob = join(room, "Bob");
            String adaId = participantId(ada);
            String bobId = participantId(bob);

            awaitRemoteVideo(ada, bobId);
            awaitRemoteVideo(bob, adaId);

            assertMintedCredentials(ada, adaId, bobId);
            assertMintedCredentials(bob, bobId, adaId);
            assertRelayedAndFlowing(ada, bobId);
            assertRelayedAndFlowing(bob, adaId);
        }

        /** The peer connection was made with relay-only policy and this coturn, with credentials minted for self. */
        private void assertMintedCredentials(ChromeDriver browser, String selfId, String remoteId) {
            @SuppressWarnings("unchecked")
            Map<String, Object> configuration = (Map<String, Object>) script(browser, """
                    const c = window.conclave.mesh.getPeerConnection(arguments[0]).getConfiguration();
                    const turn = c.iceServers.find((s) => [].concat(s.urls).some((u) => u.startsWith('turn:')));
                    return {policy: c.iceTransportPolicy, urls: turn ? [].concat(turn.urls) : null,
                            username: turn ? turn.username : null, credential: turn ? turn.credential : null};
                    """, remoteId);
            assertThat(configuration.get("policy")).isEqualTo("relay");
            assertThat(configuration.get("urls")).isEqualTo(turn.urls());
            String username = (String) configuration.get("username");
            assertThat(username).endsWith(":" + selfId);
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            long expected = Instant.now().plus(CREDENTIAL_TTL).getEpochSecond();
            assertThat(expiry).isBetween(expected - 120, expected + 5);
            assertThat(configuration.get("credential"))
                    .isEqualTo(TestTurnServer.credential(turn.sharedSecret(), username));
        }

        /** The selected candidate pair is relay on both ends, and decoded video frames keep rising. */
        private void assertRelayedAndFlowing(ChromeDriver browser, String remoteId) {
            Map<String, Object> first = stats(browser, remoteId);
            assertThat(first.get("local")).as("local candidate of the selected pair: %s", first).isEqualTo("relay");
            assertThat(first.get("remote")).as("remote candidate of the selected pair: %s", first).isEqualTo("relay");
            assertThat(first.get("localAddress")).isEqualTo("127.0.0.1");
            long framesBefore = ((Number) first.get("frames")).longValue();
            Pause.of(Duration.ofSeconds(2));
            Map<String, Object> later = stats(browser, remoteId);
            long framesAfter = ((Number) later.get("frames")).longValue();
            System.out.println("Relayed video from " + remoteId + ": " + framesBefore + " → " + framesAfter
                    + " frames decoded in 2 s, pair " + later);
            assertThat(later.get("local")).isEqualTo("relay");
            assertThat(framesAfter).as("frames decoded 2 s later").isGreaterThan(framesBefore + 10);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> stats(ChromeDriver browser, String remoteId) {
            return (Map<String, Object>) browser.executeAsyncScript("""
                    const [remoteId, done] = arguments;
                    window.conclave.mesh.getPeerConnection(remoteId).getStats().then((stats) => {
                      let pair = null, frames = 0;
                      stats.forEach((s) => {
                        if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
                        if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0;
                      });
                      const local = pair ? stats.get(pair.localCandidateId) : null;
                      const remote = pair ? stats.get(pair.remoteCandidateId) : null;
                      done({local: local ? local.candidateType : null, remote: remote ? remote.candidateType : null,
                            localAddress: local ? (local.address || local.ip) : null,
                            relayProtocol: local ? local.relayProtocol || null : null, frames});
                    });
                    """, remoteId);
        }

        private ChromeDriver join(String room, String name) {
            return browsers.join(platform.gatewayUrl() + "?room=" + room + "&relay=1", name);
        }

        private void awaitRemoteVideo(ChromeDriver browser, String remoteId) {
            String tile = "#tiles .tile[data-participant-id='" + remoteId + "']";
            waitUpTo(browser, Duration.ofSeconds(30))
                    .withMessage(() -> "no relayed connection to " + remoteId + "; coturn:\n" + turn.log())
                    .until(driver -> {
                        List<WebElement> tiles = driver.findElements(By.cssSelector(tile));
                        String ice = tiles.isEmpty() ? null : tiles.get(0).getAttribute("data-ice-state");
                        return "connected".equals(ice) || "completed".equals(ice);
                    });
            waitUpTo(browser, Duration.ofSeconds(20)).until(driver -> (Boolean) script(browser,
                    "const v = document.querySelector(arguments[0] + ' video');"
                            + "return !!v && v.videoWidth > 0 && !v.paused && v.readyState >= 2;", tile));
        }
    }

    @Nested
    @DisplayName("a page whose uplink is made bad (8 % of its relayed packets lost, capped to 250 kbit/s with a short "
            + "queue), with one on a clean connection,")
    class BadUplink {

        @BeforeEach
        void platformWithTurn() {
            platform();
        }

        @Test
        @DisplayName("rates its own connection worse and says why; the other page rates itself good and shows the "
                + "first page's level on its tile")
        void qualityFollowsTheNetwork() {
            String room = "quality-" + UUID.randomUUID().toString().substring(0, 8);
            // Ada sends only through coturn; what goes to coturn's port is shaped, so only her uplink suffers
            // (Bob sends from his own address to her relayed port, which is not shaped).
            ChromeDriver ada = browsers.join(platform.gatewayUrl() + "?room=" + room + "&relay=1", "Ada");
            ChromeDriver bob = browsers.join(platform.gatewayUrl() + "?room=" + room, "Bob");
            String adaId = participantId(ada);
            waitUpTo(bob, Duration.ofSeconds(30)).until(driver -> "on".equals(driver.findElement(By.cssSelector(
                    "#tiles .tile[data-participant-id='" + adaId + "']")).getAttribute("data-video")));
            try (LoopbackShaper shaper = LoopbackShaper.toPort(turn.port(), 8, 250, 10)) {
                waitUpTo(ada, Duration.ofSeconds(30)).withMessage(() -> "Ada's page: " + text(ada, "connection-quality"))
                        .until(driver -> driver.findElement(By.id("connection-quality")).isDisplayed());
                String level = ada.findElement(By.id("connection-quality")).getAttribute("data-level");
                String why = text(ada, "connection-quality");
                System.out.println("Ada's uplink losing 8 %, capped at 250 kbit/s: " + why + "; Bob's page: "
                        + text(bob, "connection-quality"));
                assertThat(level).isIn("fair", "poor");
                assertThat(why).matches("(Poor|Unstable) connection: .*(packets lost|round trip|jitter|kbit/s to send).*");
                waitUpTo(bob, Duration.ofSeconds(10)).until(driver -> List.of("fair", "poor").contains(driver.findElement(
                        By.cssSelector("#tiles .tile[data-participant-id='" + adaId + "']")).getAttribute("data-quality")));
                assertThat(bob.findElement(By.id("connection-quality")).isDisplayed()).as("Bob's own connection")
                        .isFalse();
            }
        }
    }

    /** What gathering with one TURN server gave: relayed addresses, and the candidate errors. */
    private record Gathered(List<String> relayAddresses, List<Map<String, Object>> errors) {

        @SuppressWarnings("unchecked")
        Gathered(Map<String, Object> result) {
            this((List<String>) result.get("relays"), (List<Map<String, Object>>) result.get("errors"));
        }

        List<Long> errorCodes() {
            return errors.stream().map(error -> ((Number) error.get("code")).longValue()).toList();
        }
    }

    /** The platform — auth, one signaling node, gateway — with signaling minting credentials for this coturn. */
    private static synchronized LocalPlatform platform() {
        if (platform == null) {
            List<String> urls = turn.urls();
            platform = DedicatedPlatform.start("turn", options -> options.withProperties(Service.SIGNALING, Map.of(
                    "conclave.signaling.ice.turn.urls[0]", urls.get(0),
                    "conclave.signaling.ice.turn.urls[1]", urls.get(1),
                    "conclave.signaling.ice.turn.shared-secret", turn.sharedSecret(),
                    "conclave.signaling.ice.turn.credential-ttl", CREDENTIAL_TTL.toString())));
        }
        return platform;
    }

    private ChromeDriver browser() {
        return browsers.start();
    }

    private static long expiry(Duration fromNow) {
        return Instant.now().plus(fromNow).getEpochSecond();
    }
}
