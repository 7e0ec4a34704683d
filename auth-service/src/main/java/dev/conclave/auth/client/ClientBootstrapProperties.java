package dev.conclave.auth.client;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Internal-service clients registered (or updated) at start-up, e.g. signaling-service itself, which mints guest
 * join tokens. Their secrets come from the deployment's secrets and are stored only as hashes.
 */
@Validated
@ConfigurationProperties("conclave.auth.bootstrap")
public record ClientBootstrapProperties(@Valid List<ConfiguredClient> clients) {

    public ClientBootstrapProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    public record ConfiguredClient(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}") String clientId,
            @NotBlank @Size(min = 16, message = "must be at least 16 characters") String clientSecret,
            @NotEmpty Set<@Pattern(regexp = "[a-z][a-z0-9:_.-]{0,63}") String> scopes) {
    }
}
