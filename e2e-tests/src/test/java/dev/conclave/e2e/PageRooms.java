package dev.conclave.e2e;

import dev.conclave.testing.ApiClient;

/** Where the page tests hold their calls: rooms of one topology, on a platform that has it. */
interface PageRooms {

    /** {@code MESH} or {@code SFU}. */
    String topology();

    /**
     * Makes ready what the tests need, or skips the test with the reason (under {@code CI=true}, where the tool is
     * expected, fails it instead).
     */
    void prepare();

    /** The gateway's address, as people open it. */
    String gateway();

    /** An internal service allowed to create rooms and join tokens. */
    ApiClient api();

    /** Switches every page's browser gets. */
    String[] browserSwitches();
}
