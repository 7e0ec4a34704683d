package dev.conclave.signaling.participant;

/** Where a participant connects from, as recorded in its session history. Either may be {@code null}. */
public record ClientInfo(String remoteAddress, String userAgent) {

    private static final int MAX_USER_AGENT = 512;
    private static final int MAX_ADDRESS = 64;

    public ClientInfo {
        remoteAddress = truncate(remoteAddress, MAX_ADDRESS);
        userAgent = truncate(userAgent, MAX_USER_AGENT);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
