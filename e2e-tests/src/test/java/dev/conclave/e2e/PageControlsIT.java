package dev.conclave.e2e;

import org.junit.jupiter.api.DisplayName;

/** {@link CallPageTests} in mesh rooms, on the shared platform. */
@DisplayName("people together on the call page, in mesh rooms, in browsers through the gateway")
class PageControlsIT extends CallPageTests {

    PageControlsIT() {
        super(MeshPageRooms.INSTANCE);
    }
}
