package dev.conclave.auth.client;

import java.util.Arrays;
import java.util.Optional;

/** The scopes the admin API may give an API client, as written on the wire and in access tokens. */
public enum ApiScope {
    ROOMS_READ("rooms:read"),
    ROOMS_WRITE("rooms:write"),
    WEBHOOKS_MANAGE("webhooks:manage"),
    JOIN_TOKENS_MINT("join-tokens:mint");

    /** Every wire name as one regular expression, for request validation; {@code ApiScopeTest} keeps it in step. */
    public static final String WIRE_NAMES = "rooms:read|rooms:write|webhooks:manage|join-tokens:mint";

    private final String wireName;

    ApiScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ApiScope> fromWireName(String name) {
        return Arrays.stream(values()).filter(scope -> scope.wireName.equals(name)).findFirst();
    }
}
