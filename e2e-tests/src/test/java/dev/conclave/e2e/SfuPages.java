package dev.conclave.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.HeadlessChromium;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openqa.selenium.chrome.ChromeDriver;

/** What the real-media browser tests share: rooms made through the API, and a page's decoded frames. */
final class SfuPages {

    /**
     * For Chromium to gather 127.0.0.1 candidates: real-media tests run in a network namespace with only {@code lo}
     * (README "Kurento recordings"), where Kurento offers nothing else.
     */
    static final String LOOPBACK_CANDIDATES = "--allow-loopback-in-peer-connection";

    static final String KMS_VARIABLE = "CONCLAVE_TEST_KMS_URL";

    private SfuPages() {
    }

    /**
     * The Kurento workers of {@code CONCLAVE_TEST_KMS_URL} (comma-separated), once Chromium is known to be here;
     * skips the test with the reason when the variable is unset (as in CI, which has no KMS). Per test, so that each
     * is reported skipped.
     */
    static List<URI> kmsOrSkip() {
        String urls = System.getenv(KMS_VARIABLE);
        assumeTrue(urls != null && !urls.isBlank(), "SFU browser tests need a Kurento Media Server: set "
                + KMS_VARIABLE + "=ws://host:8888/kurento[,ws://host:8889/kurento]");
        HeadlessChromium.requireInstalled();
        return Arrays.stream(urls.split(",")).map(String::strip).map(URI::create).toList();
    }

    /** A new OPEN room with this topology, created through the REST API as an internal service would. */
    static String room(LocalPlatform platform, String prefix, String topology) {
        ApiClient api = api(platform);
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/rooms", "{\"name\": \"" + name + "\", \"access\": \"OPEN\", \"topology\": \"" + topology
                + "\"}").expect(201);
        return name;
    }

    /** The local run's API client, allowed to create rooms and join tokens. */
    static ApiClient api(LocalPlatform platform) {
        String gateway = "http://127.0.0.1:" + platform.port(Service.GATEWAY);
        return new ApiClient(gateway, ApiClient.clientCredentials(gateway, LocalPlatform.LOCAL_BACKEND_CLIENT_ID,
                platform.localBackendSecret(), "rooms:write"));
    }

    /** Video frames the page decoded so far from {@code remoteId} (0 before any). */
    static long framesDecoded(ChromeDriver page, String remoteId) {
        Object frames = page.executeAsyncScript("""
                const [remoteId, done] = arguments;
                const stats = window.conclave.mesh.getStats(remoteId);
                stats.then((report) => {
                  let frames = 0;
                  if (report) report.forEach((s) => {
                    if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0;
                  });
                  done(frames);
                }).catch(() => done(0));
                """, remoteId);
        return ((Number) frames).longValue();
    }
}
