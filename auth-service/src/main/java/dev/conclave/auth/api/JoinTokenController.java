package dev.conclave.auth.api;

import dev.conclave.auth.jointoken.JoinTokenIssuer;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Internal services (scope {@code join-tokens:mint}) mint join tokens here. */
@RestController
@RequestMapping("/api/v1/join-tokens")
class JoinTokenController {

    private final JoinTokenIssuer issuer;

    JoinTokenController(JoinTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    JoinTokenResponse mint(@Valid @RequestBody MintJoinTokenRequest request) {
        return JoinTokenResponse.from(issuer.issue(request.toSpec()));
    }
}
