package dev.conclave.auth.admin;

import dev.conclave.auth.client.IssuedClientSecret;
import java.time.Instant;
import java.util.Set;

/** Body of {@code POST /admin/v1/clients/{clientId}/secret}: the new secret, shown this once. */
record RotatedSecretResponse(String clientId, String clientSecret, Set<String> scopes, Instant secretRotatedAt) {

    static RotatedSecretResponse from(IssuedClientSecret issued) {
        return new RotatedSecretResponse(issued.client().clientId(), issued.secret(), issued.client().scopes(),
                issued.issuedAt());
    }

    @Override
    public String toString() {
        return "RotatedSecretResponse[clientId=" + clientId + ", clientSecret=(redacted)]";
    }
}
