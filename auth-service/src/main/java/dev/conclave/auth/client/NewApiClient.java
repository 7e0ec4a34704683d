package dev.conclave.auth.client;

import java.util.Set;

/**
 * An API client to register.
 *
 * @param description the operator's note, or {@code null}
 */
public record NewApiClient(String clientId, Set<ApiScope> scopes, String description) {

    public NewApiClient {
        scopes = Set.copyOf(scopes);
    }
}
