package dev.conclave.e2e;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.HeadlessChromium;

/** Mesh rooms on the shared platform: what CI runs. */
final class MeshPageRooms implements PageRooms {

    static final PageRooms INSTANCE = new MeshPageRooms();

    private MeshPageRooms() {
    }

    @Override
    public String topology() {
        return "MESH";
    }

    @Override
    public void prepare() {
        HeadlessChromium.requireInstalled();
        RunningPlatform.get();
    }

    @Override
    public String gateway() {
        return RunningPlatform.gateway();
    }

    @Override
    public ApiClient api() {
        return Clients.backend();
    }

    @Override
    public String[] browserSwitches() {
        return new String[0];
    }
}
