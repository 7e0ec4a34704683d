package dev.conclave.auth.client;

/**
 * A deleted API client.
 *
 * @param deletedAuthorizations how many recorded access tokens (including expired ones not yet purged) went with it
 */
public record RevokedApiClient(ApiClient client, int deletedAuthorizations) {
}
