package dev.conclave.auth.key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest: AES-256-GCM under a key derived with PBKDF2-HMAC-SHA256 from the deployment's
 * secret and a random per-key salt. Layout: salt (16) | iv (12) | ciphertext+tag.
 */
final class PrivateKeyCipher {

    private static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int PBKDF2_ITERATIONS = 210_000;
    private static final byte[] ASSOCIATED_DATA = "conclave-signing-key-v1".getBytes(StandardCharsets.US_ASCII);

    private final char[] secret;
    private final SecureRandom random = new SecureRandom();

    PrivateKeyCipher(String secret) {
        this.secret = secret.toCharArray();
    }

    byte[] encrypt(byte[] plaintext) {
        byte[] salt = randomBytes(SALT_BYTES);
        byte[] iv = randomBytes(IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, salt, iv);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(SALT_BYTES + IV_BYTES + ciphertext.length)
                    .put(salt).put(iv).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a signing key", e);
        }
    }

    byte[] decrypt(byte[] sealed) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        byte[] salt = new byte[SALT_BYTES];
        byte[] iv = new byte[IV_BYTES];
        buffer.get(salt).get(iv);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        try {
            return cipher(Cipher.DECRYPT_MODE, salt, iv).doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not decrypt a stored signing key: is conclave.auth.signing."
                    + "key-encryption-secret the one it was created with?", e);
        }
    }

    private Cipher cipher(int mode, byte[] salt, byte[] iv) throws GeneralSecurityException {
        SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] keyBytes = factory.generateSecret(new PBEKeySpec(secret, salt, PBKDF2_ITERATIONS, 256)).getEncoded();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(ASSOCIATED_DATA);
        return cipher;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
