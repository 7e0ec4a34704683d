package dev.conclave.auth.admin;

import dev.conclave.auth.client.ApiClient;
import java.time.Instant;
import java.util.Set;

/** An API client as listed and shown: never its secret. */
record ClientResponse(String clientId, Set<String> scopes, Instant createdAt, String description,
                      Instant secretRotatedAt, boolean bootstrap) {

    static ClientResponse from(ApiClient client) {
        return new ClientResponse(client.clientId(), client.scopes(), client.createdAt(), client.description(),
                client.secretRotatedAt(), client.bootstrap());
    }
}
