-- Keys that sign access tokens and join tokens. The private key is stored encrypted (AES-256-GCM with a key derived
-- from conclave.auth.key-encryption-secret), so a database dump alone cannot forge tokens.
CREATE TABLE signing_key (
    kid                    varchar(64)  NOT NULL PRIMARY KEY,
    algorithm              varchar(16)  NOT NULL,
    public_key             bytea        NOT NULL,
    private_key_ciphertext bytea        NOT NULL,
    created_at             timestamptz  NOT NULL
);
