package dev.conclave.auth.client;

import java.time.Instant;

/**
 * A client secret just generated, returned this once: only its hash is stored.
 *
 * @param issuedAt when the secret was generated (the client's creation or its rotation)
 */
public record IssuedClientSecret(ApiClient client, String secret, Instant issuedAt) {

    /** Never the secret: records print every component, and this one must not reach a log. */
    @Override
    public String toString() {
        return "IssuedClientSecret[client=" + client.clientId() + ", secret=(redacted), issuedAt=" + issuedAt + "]";
    }
}
