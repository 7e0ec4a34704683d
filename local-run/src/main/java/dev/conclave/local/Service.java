package dev.conclave.local;

/** The platform's services, in the order they start (each needs the ones before it). */
public enum Service {
    AUTH("auth-service", "auth", 9000),
    /** Only when Kurento workers are given: without them SFU rooms are unavailable and mesh rooms work. */
    MEDIA("media-service", "media", 8090),
    SIGNALING("signaling-service", "signaling", 8081),
    GATEWAY("gateway-service", "gateway", 8080);

    private final String module;
    private final String shortName;
    private final int defaultPort;

    Service(String module, String shortName, int defaultPort) {
        this.module = module;
        this.shortName = shortName;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public String shortName() {
        return shortName;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
