package dev.conclave.e2e;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.HeadlessChromium;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

/** The call page's features in mesh rooms, on the shared platform (SfuPageControlsIT runs them in SFU rooms). */
@DisplayName("the call page in mesh rooms, in browsers through the gateway")
class PageControlsIT extends CallPageTests {

    PageControlsIT() {
        super("MESH");
    }

    /** Per test, not per class: a skip (no Chromium) must show in the report as a skipped test, with its reason. */
    @BeforeEach
    void platformAndBrowser() {
        HeadlessChromium.requireInstalled();
        RunningPlatform.get();
    }

    @Override
    String gateway() {
        return RunningPlatform.gateway();
    }

    @Override
    ApiClient api() {
        return Clients.backend();
    }
}
