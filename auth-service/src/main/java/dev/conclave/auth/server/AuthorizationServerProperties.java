package dev.conclave.auth.server;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param issuer         the {@code iss} of every token; verifiers compare it exactly, so it must be the same URL
 *                       they are configured with
 * @param accessTokenTtl how long a client-credentials access token lives
 */
@Validated
@ConfigurationProperties("conclave.auth")
public record AuthorizationServerProperties(@NotBlank String issuer, @NotNull Duration accessTokenTtl) {
}
