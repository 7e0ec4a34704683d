package dev.conclave.auth.admin;

import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param password the password of the admin API's one user, {@code admin}, sent with HTTP Basic; no default. Empty
 *                 or absent disables the admin API: every {@code /admin} path answers 404.
 */
@Validated
@ConfigurationProperties("conclave.auth.admin")
public record AdminProperties(
        @Size(min = 16, message = "must be at least 16 characters, or empty to disable the admin API")
        String password) {

    public AdminProperties {
        password = password == null || password.isEmpty() ? null : password;
    }

    public boolean enabled() {
        return password != null;
    }

    /** Never the password: records print every component. */
    @Override
    public String toString() {
        return "AdminProperties[enabled=" + enabled() + "]";
    }
}
