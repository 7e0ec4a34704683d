package dev.conclave.auth.key;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "signing_key")
class SigningKeyEntity {

    @Id
    private String kid;

    @Column(nullable = false)
    private String algorithm;

    @Column(name = "public_key", nullable = false)
    private byte[] publicKey;

    @Column(name = "private_key_ciphertext", nullable = false)
    private byte[] privateKeyCiphertext;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SigningKeyEntity() {
    }

    SigningKeyEntity(String kid, String algorithm, byte[] publicKey, byte[] privateKeyCiphertext, Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.privateKeyCiphertext = privateKeyCiphertext;
        this.createdAt = createdAt;
    }

    String kid() {
        return kid;
    }

    String algorithm() {
        return algorithm;
    }

    byte[] publicKey() {
        return publicKey;
    }

    byte[] privateKeyCiphertext() {
        return privateKeyCiphertext;
    }

    Instant createdAt() {
        return createdAt;
    }
}
