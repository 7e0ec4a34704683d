package dev.conclave.auth.admin;

import java.util.List;

/** Body of {@code GET /admin/v1/clients}: every client, sorted by client id. */
record ClientListResponse(List<ClientResponse> clients) {
}
