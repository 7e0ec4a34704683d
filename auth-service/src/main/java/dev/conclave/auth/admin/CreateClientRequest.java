package dev.conclave.auth.admin;

import dev.conclave.auth.client.ApiScope;
import dev.conclave.auth.client.NewApiClient;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Body of {@code POST /admin/v1/clients}.
 *
 * @param scopes      at least one of {@link ApiScope}'s wire names
 * @param description optional, at most 500 characters, no control characters
 */
record CreateClientRequest(
        @NotNull @Pattern(regexp = CLIENT_ID, message = "must match " + CLIENT_ID) String clientId,
        @NotEmpty Set<@NotNull @Pattern(regexp = ApiScope.WIRE_NAMES,
                message = "must be one of rooms:read, rooms:write, webhooks:manage, join-tokens:mint") String> scopes,
        @Pattern(regexp = DESCRIPTION, message = "must be at most 500 characters, no control characters, only text UTF-8 can encode")
        String description) {

    static final String CLIENT_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";
    /** No control characters, and no unpaired surrogates (\\p{Cs}), which PostgreSQL would keep as '?'. */
    static final String DESCRIPTION = "^[^\\p{Cntrl}\\p{Cs}]{0,500}$";

    NewApiClient toNewClient() {
        Set<ApiScope> granted = scopes.stream().map(name -> ApiScope.fromWireName(name).orElseThrow())
                .collect(Collectors.toSet());
        return new NewApiClient(clientId, granted, description);
    }
}
