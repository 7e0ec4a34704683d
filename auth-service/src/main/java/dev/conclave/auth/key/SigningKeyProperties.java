package dev.conclave.auth.key;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param keyEncryptionSecret the secret the signing keys' private halves are encrypted with in the database; losing
 *                            it means minting new keys (and invalidating every token), so keep it with the other
 *                            deployment secrets
 */
@Validated
@ConfigurationProperties("conclave.auth.signing")
public record SigningKeyProperties(
        @NotBlank(message = "set conclave.auth.signing.key-encryption-secret (env CONCLAVE_AUTH_SIGNING_KEY_ENCRYPTION_SECRET)")
        @Size(min = 16, message = "must be at least 16 characters")
        String keyEncryptionSecret) {
}
