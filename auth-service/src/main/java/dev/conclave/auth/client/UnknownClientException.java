package dev.conclave.auth.client;

/** No API client has this client id. */
public class UnknownClientException extends RuntimeException {

    private final String clientId;

    UnknownClientException(String clientId) {
        super("no API client has the client id " + clientId);
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
