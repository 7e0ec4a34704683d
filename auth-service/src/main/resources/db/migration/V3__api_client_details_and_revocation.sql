-- What the admin API (/admin/v1/clients) records about an API client beyond Spring Authorization Server's
-- registration: the operator's description and when the secret was last rotated. Bootstrap-configured clients have
-- no row. The creation time is oauth2_registered_client.client_id_issued_at.
CREATE TABLE api_client_details (
    registered_client_id varchar(100) NOT NULL PRIMARY KEY
        REFERENCES oauth2_registered_client (id) ON DELETE CASCADE,
    description          varchar(500) DEFAULT NULL,
    secret_rotated_at    timestamptz  DEFAULT NULL
);

-- A deleted client takes the record of every access token it was issued with it, and no token can be recorded for a
-- client deleted meanwhile (a token request racing the deletion fails instead of leaving an orphan). No client was
-- ever deleted before this migration, so orphans can only come from hand edits; they are unusable and dropped.
DELETE FROM oauth2_authorization a
 WHERE NOT EXISTS (SELECT 1 FROM oauth2_registered_client c WHERE c.id = a.registered_client_id);
ALTER TABLE oauth2_authorization
    ADD CONSTRAINT oauth2_authorization_registered_client_fk
    FOREIGN KEY (registered_client_id) REFERENCES oauth2_registered_client (id) ON DELETE CASCADE;
CREATE INDEX oauth2_authorization_registered_client_id ON oauth2_authorization (registered_client_id);

-- auth-service's own API looks every bearer token up by value to refuse revoked ones (equality only: a hash index).
CREATE INDEX oauth2_authorization_access_token_value ON oauth2_authorization USING hash (access_token_value);
