package dev.conclave.auth.client;

/**
 * The client comes from {@code conclave.auth.bootstrap.clients}: every start-up puts back its configured secret and
 * scopes, so a change through the admin API would silently come undone. Change the configuration instead.
 */
public class ConfiguredClientException extends RuntimeException {

    private final String clientId;

    ConfiguredClientException(String clientId) {
        super("the API client " + clientId + " is configured at deploy time; change the configuration instead "
                + "(conclave.auth.bootstrap.clients)");
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
