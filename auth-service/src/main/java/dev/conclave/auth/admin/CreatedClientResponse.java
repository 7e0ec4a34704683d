package dev.conclave.auth.admin;

import dev.conclave.auth.client.IssuedClientSecret;
import java.time.Instant;
import java.util.Set;

/** Body of a 201 from {@code POST /admin/v1/clients}: the only time the secret is shown. */
record CreatedClientResponse(String clientId, String clientSecret, Set<String> scopes, Instant createdAt) {

    static CreatedClientResponse from(IssuedClientSecret issued) {
        return new CreatedClientResponse(issued.client().clientId(), issued.secret(), issued.client().scopes(),
                issued.client().createdAt());
    }

    @Override
    public String toString() {
        return "CreatedClientResponse[clientId=" + clientId + ", clientSecret=(redacted)]";
    }
}
