package dev.conclave.auth.client;

/** The client id is taken: pick another, or rotate the existing client's secret. */
public class ClientAlreadyExistsException extends RuntimeException {

    private final String clientId;

    ClientAlreadyExistsException(String clientId) {
        super("an API client with the client id " + clientId + " already exists");
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
