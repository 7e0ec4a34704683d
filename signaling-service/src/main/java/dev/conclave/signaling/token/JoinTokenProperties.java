package dev.conclave.signaling.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How join tokens are verified, and where guest tokens are minted.
 *
 * @param issuer    the auth-service issuer every join token must name, exactly
 * @param jwksUri   where auth-service publishes its signing keys
 * @param audience  the audience join tokens are minted for
 * @param clockSkew tolerance when checking expiry against this node's clock
 * @param authUri   auth-service's base URL, for minting guest tokens
 */
@Validated
@ConfigurationProperties("conclave.signaling.join-tokens")
public record JoinTokenProperties(@NotBlank String issuer, @NotNull URI jwksUri, @NotBlank String audience,
                                  @NotNull Duration clockSkew, @NotNull URI authUri) {
}
