package dev.conclave.e2e;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import java.net.URI;
import java.util.List;

/**
 * SFU rooms on the Kurento given by {@code CONCLAVE_TEST_KMS_URL}: auth, media-service, one signaling node and the
 * gateway, started once for every SFU page test and stopped when the test run ends. Without the variable the tests
 * are skipped (CI has no KMS). Run them inside a network namespace with only {@code lo} (README "Kurento
 * recordings").
 */
final class SfuPageRooms implements PageRooms {

    static final PageRooms INSTANCE = new SfuPageRooms();

    private static List<URI> kms;
    private static LocalPlatform platform;

    private SfuPageRooms() {
    }

    @Override
    public String topology() {
        return "SFU";
    }

    @Override
    public void prepare() {
        kms = SfuPages.kmsOrSkip();
        platform();
    }

    @Override
    public String gateway() {
        return "http://localhost:" + platform().port(Service.GATEWAY);
    }

    @Override
    public ApiClient api() {
        return SfuPages.api(platform());
    }

    @Override
    public String[] browserSwitches() {
        return new String[] {SfuPages.LOOPBACK_CANDIDATES};
    }

    private static synchronized LocalPlatform platform() {
        if (platform == null) {
            platform = DedicatedPlatform.start("sfu-page", options -> options.withKmsUrls(kms));
        }
        return platform;
    }

    /** At the end of the test run (StopPlatformAfterTests). */
    static synchronized void stop() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }
}
