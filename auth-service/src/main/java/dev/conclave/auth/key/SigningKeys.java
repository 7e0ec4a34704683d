package dev.conclave.auth.key;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys that sign every token this service issues, kept in PostgreSQL so that a restart (or another replica)
 * signs with the same key and tokens already handed out stay valid. The newest key signs; every stored key is
 * published in the JWKS so verifiers accept tokens from any of them. Loaded once at start-up; the first start
 * generates a key, under an advisory lock so that replicas starting together agree on one.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long KEY_CREATION_LOCK = 0x636f6e636c617665L; // "conclave"
    private static final String ALGORITHM = "RS256";

    private final JWKSet keys;

    SigningKeys(SigningKeyRepository repository, SigningKeyProperties properties, TransactionTemplate transactions,
                JdbcTemplate jdbc, Clock clock) {
        PrivateKeyCipher cipher = new PrivateKeyCipher(properties.keyEncryptionSecret());
        List<SigningKeyEntity> stored = transactions.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", KEY_CREATION_LOCK);
            List<SigningKeyEntity> existing = repository.findAllByOrderByCreatedAtDesc();
            if (!existing.isEmpty()) {
                return existing;
            }
            SigningKeyEntity created = generate(cipher, clock);
            repository.save(created);
            log.info("Generated signing key kid={}", created.kid());
            return List.of(created);
        });
        this.keys = new JWKSet(stored.stream().<JWK>map(entity -> toJwk(entity, cipher)).toList());
        log.info("Loaded {} signing key(s); signing with kid={}", stored.size(), signingKey().getKeyID());
    }

    /** The key new tokens are signed with. */
    public RSAKey signingKey() {
        return (RSAKey) keys.getKeys().get(0);
    }

    /** Every key whose tokens are still accepted, private halves included (the JWKS endpoint publishes public ones). */
    public JWKSet all() {
        return keys;
    }

    private static SigningKeyEntity generate(PrivateKeyCipher cipher, Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build();
            String kid = jwk.computeThumbprint().toString();
            return new SigningKeyEntity(kid, ALGORITHM, pair.getPublic().getEncoded(),
                    cipher.encrypt(pair.getPrivate().getEncoded()), clock.instant());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }

    private static RSAKey toJwk(SigningKeyEntity entity, PrivateKeyCipher cipher) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(entity.publicKey()));
            RSAPrivateKey privateKey = (RSAPrivateKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(cipher.decrypt(entity.privateKeyCiphertext())));
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyID(entity.kid())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.parse(entity.algorithm()))
                    .issueTime(Date.from(entity.createdAt()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored signing key " + entity.kid() + " is unreadable", e);
        }
    }
}
