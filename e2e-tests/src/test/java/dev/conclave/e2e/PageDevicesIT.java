package dev.conclave.e2e;

import org.junit.jupiter.api.DisplayName;

/** {@link DevicePageTests} in mesh rooms, on the shared platform (a bad uplink in a mesh: TurnRelayIT). */
@DisplayName("each person's devices and network on the call page, in mesh rooms, in browsers through the gateway")
class PageDevicesIT extends DevicePageTests {

    PageDevicesIT() {
        super(MeshPageRooms.INSTANCE);
    }
}
