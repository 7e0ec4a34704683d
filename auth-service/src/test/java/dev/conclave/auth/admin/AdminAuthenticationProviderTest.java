package dev.conclave.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

@DisplayName("AdminAuthenticationProvider")
class AdminAuthenticationProviderTest {

    private final AdminAuthenticationProvider provider = new AdminAuthenticationProvider("correct-horse-battery");

    @Test
    @DisplayName("authenticates user admin with the configured password, as ROLE_ADMIN, keeping no credentials")
    void acceptsTheAdmin() {
        Authentication admin = provider.authenticate(attempt("admin", "correct-horse-battery"));

        assertThat(admin.isAuthenticated()).isTrue();
        assertThat(admin.getName()).isEqualTo("admin");
        assertThat(admin.getCredentials()).isNull();
        assertThat(admin.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
    }

    @Test
    @DisplayName("refuses a wrong password, a prefix of the password and a longer one")
    void refusesWrongPasswords() {
        for (String wrong : new String[] {"wrong", "correct-horse", "correct-horse-battery-staple", ""}) {
            assertThatThrownBy(() -> provider.authenticate(attempt("admin", wrong)))
                    .isInstanceOf(BadCredentialsException.class);
        }
    }

    @Test
    @DisplayName("refuses another user name, even with the right password")
    void refusesOtherUsers() {
        assertThatThrownBy(() -> provider.authenticate(attempt("root", "correct-horse-battery")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(attempt("Admin", "correct-horse-battery")))
                .isInstanceOf(BadCredentialsException.class);
    }

    private static UsernamePasswordAuthenticationToken attempt(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }
}
