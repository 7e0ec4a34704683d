package dev.conclave.auth.admin;

import dev.conclave.auth.client.ApiClients;
import dev.conclave.auth.client.IssuedClientSecret;
import dev.conclave.auth.client.RevokedApiClient;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators manage API clients (internal services' client-credentials clients) here; see {@code docs/admin-api.md}.
 * Failures are mapped to problem documents by {@code api/ApiProblems}.
 */
@RestController
@RequestMapping("/admin/v1/clients")
class AdminClientController {

    private final ApiClients clients;
    private final AdminAudit audit;

    AdminClientController(ApiClients clients, AdminAudit audit) {
        this.clients = clients;
        this.audit = audit;
    }

    @PostMapping
    ResponseEntity<CreatedClientResponse> create(@Valid @RequestBody CreateClientRequest request, Principal admin) {
        IssuedClientSecret created = clients.create(request.toNewClient());
        audit.created(admin, created.client());
        return ResponseEntity.created(URI.create("/admin/v1/clients/" + created.client().clientId()))
                .body(CreatedClientResponse.from(created));
    }

    @GetMapping
    ClientListResponse list() {
        return new ClientListResponse(clients.all().stream().map(ClientResponse::from).toList());
    }

    @GetMapping("/{clientId}")
    ClientResponse show(@PathVariable String clientId) {
        return ClientResponse.from(clients.get(clientId));
    }

    @PostMapping("/{clientId}/secret")
    RotatedSecretResponse rotateSecret(@PathVariable String clientId, Principal admin) {
        IssuedClientSecret rotated = clients.rotateSecret(clientId);
        audit.rotated(admin, rotated.client());
        return RotatedSecretResponse.from(rotated);
    }

    /**
     * 204: the client gets no new token, and the access tokens it holds are refused by this service's own API at
     * once. Services verifying tokens offline (JWKS) accept them until they expire (conclave.auth.access-token-ttl).
     */
    @DeleteMapping("/{clientId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String clientId, Principal admin) {
        RevokedApiClient revoked = clients.revoke(clientId);
        audit.revoked(admin, revoked.client(), revoked.deletedAuthorizations());
    }
}
