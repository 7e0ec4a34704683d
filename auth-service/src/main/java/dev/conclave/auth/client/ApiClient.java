package dev.conclave.auth.client;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * An internal service's OAuth2 client-credentials client as an operator sees it: never its secret.
 *
 * @param scopes          sorted; a bootstrap-configured client may hold scopes outside {@link ApiScope}
 * @param description     the operator's note, or {@code null}
 * @param secretRotatedAt when the admin API last replaced the secret, or {@code null} if never
 * @param bootstrap       registered from {@code conclave.auth.bootstrap.clients}: the configuration owns it
 */
public record ApiClient(String clientId, Set<String> scopes, Instant createdAt, String description,
                        Instant secretRotatedAt, boolean bootstrap) {

    public ApiClient {
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    }
}
