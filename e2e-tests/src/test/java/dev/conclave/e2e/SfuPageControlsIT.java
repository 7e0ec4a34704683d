package dev.conclave.e2e;

import org.junit.jupiter.api.DisplayName;

/** {@link CallPageTests} in SFU rooms on a real Kurento (needs {@code CONCLAVE_TEST_KMS_URL}; see SfuPageRooms). */
@DisplayName("people together on the call page, in SFU rooms on Kurento, in browsers through the gateway")
class SfuPageControlsIT extends CallPageTests {

    SfuPageControlsIT() {
        super(SfuPageRooms.INSTANCE);
    }
}
