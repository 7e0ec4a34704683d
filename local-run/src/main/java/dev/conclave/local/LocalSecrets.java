package dev.conclave.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The deployment secrets of a local platform, made up once and kept (owner-readable only) in the state directory:
 * the key that encrypts auth-service's signing keys, signaling-service's client secret, the secret of a
 * {@code local-backend} API client to try the REST API with, the admin API's password, and the secret the gateway
 * proves itself to signaling with (so that signaling believes its X-Forwarded-For).
 */
record LocalSecrets(String keyEncryptionSecret, String signalingClientSecret, String backendClientSecret,
                    String adminPassword, String forwardingSecret) {

    private static final String KEY_ENCRYPTION = "auth.key-encryption-secret";
    private static final String SIGNALING_CLIENT = "signaling.client-secret";
    private static final String BACKEND_CLIENT = "local-backend.client-secret";
    private static final String ADMIN_PASSWORD = "auth.admin-password";
    private static final String FORWARDING = "gateway.forwarding-secret";

    static LocalSecrets loadOrCreate(Path file) throws IOException {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                stored.load(reader);
            }
        }
        boolean changed = putIfAbsent(stored, KEY_ENCRYPTION) | putIfAbsent(stored, SIGNALING_CLIENT)
                | putIfAbsent(stored, BACKEND_CLIENT) | putIfAbsent(stored, ADMIN_PASSWORD)
                | putIfAbsent(stored, FORWARDING);
        if (changed) {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file)) {
                stored.store(writer, "Secrets of the local Conclave platform. Deleting this file invalidates its tokens.");
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return new LocalSecrets(stored.getProperty(KEY_ENCRYPTION), stored.getProperty(SIGNALING_CLIENT),
                stored.getProperty(BACKEND_CLIENT), stored.getProperty(ADMIN_PASSWORD), stored.getProperty(FORWARDING));
    }

    private static boolean putIfAbsent(Properties stored, String key) {
        if (stored.getProperty(key) != null) {
            return false;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        stored.setProperty(key, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        return true;
    }
}
