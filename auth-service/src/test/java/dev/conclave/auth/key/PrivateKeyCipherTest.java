package dev.conclave.auth.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PrivateKeyCipher")
class PrivateKeyCipherTest {

    private final byte[] plaintext = "-----a private key-----".getBytes(StandardCharsets.US_ASCII);

    @Test
    @DisplayName("decrypts what it encrypted, and never stores the plaintext")
    void roundTrip() {
        PrivateKeyCipher cipher = new PrivateKeyCipher("correct horse battery staple");
        byte[] sealed = cipher.encrypt(plaintext);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("a private key");
        assertThat(cipher.decrypt(sealed)).isEqualTo(plaintext);
    }

    @Test
    @DisplayName("uses a fresh salt and IV each time")
    void freshRandomness() {
        PrivateKeyCipher cipher = new PrivateKeyCipher("correct horse battery staple");
        assertThat(cipher.encrypt(plaintext)).isNotEqualTo(cipher.encrypt(plaintext));
    }

    @Test
    @DisplayName("refuses to decrypt with another secret, saying which setting to check")
    void wrongSecret() {
        byte[] sealed = new PrivateKeyCipher("correct horse battery staple").encrypt(plaintext);
        assertThatThrownBy(() -> new PrivateKeyCipher("another secret entirely").decrypt(sealed))
                .hasMessageContaining("key-encryption-secret");
    }

    @Test
    @DisplayName("detects tampering")
    void tampered() {
        PrivateKeyCipher cipher = new PrivateKeyCipher("correct horse battery staple");
        byte[] sealed = cipher.encrypt(plaintext);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed)).isInstanceOf(IllegalStateException.class);
    }
}
