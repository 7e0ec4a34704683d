package dev.conclave.auth.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks HTTP Basic credentials against the one admin user, {@code admin}, and the configured password. Both sides
 * are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about how much
 * of a guess was right, nor about the password's length.
 */
final class AdminAuthenticationProvider implements AuthenticationProvider {

    static final String USERNAME = "admin";
    static final String ROLE = "ADMIN";

    private final byte[] username = sha256(USERNAME);
    private final byte[] password;

    AdminAuthenticationProvider(String password) {
        this.password = sha256(password);
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String givenUser = String.valueOf(attempt.getPrincipal());
        String givenPassword = String.valueOf(attempt.getCredentials());
        boolean userMatches = MessageDigest.isEqual(sha256(givenUser), username);
        boolean passwordMatches = MessageDigest.isEqual(sha256(givenPassword), password);
        if (!(userMatches & passwordMatches)) {
            throw new BadCredentialsException("the admin credentials are wrong");
        }
        return UsernamePasswordAuthenticationToken.authenticated(USERNAME, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
