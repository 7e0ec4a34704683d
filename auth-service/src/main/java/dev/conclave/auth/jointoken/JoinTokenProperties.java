package dev.conclave.auth.jointoken;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param audience   the {@code aud} signaling-service requires
 * @param defaultTtl lifetime when the request names none (guest tokens always get it)
 * @param minTtl     shortest lifetime a request may ask for
 * @param maxTtl     longest lifetime a request may ask for
 */
@Validated
@ConfigurationProperties("conclave.auth.join-tokens")
public record JoinTokenProperties(@NotBlank String audience, @NotNull Duration defaultTtl, @NotNull Duration minTtl,
                                  @NotNull Duration maxTtl) {
}
