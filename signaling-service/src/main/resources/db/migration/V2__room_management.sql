-- Rooms as internal services manage them through the REST API.
ALTER TABLE room
    -- MESH only until the media tier exists; SFU and AUTO arrive with it.
    ADD COLUMN topology              varchar(8)  NOT NULL DEFAULT 'MESH' CHECK (topology IN ('MESH')),
    -- Close the room once it has been empty this long (NULL: never).
    ADD COLUMN empty_timeout_seconds integer     CHECK (empty_timeout_seconds BETWEEN 1 AND 604800),
    -- Since when nobody has been in the room (NULL while someone is).
    ADD COLUMN empty_since           timestamptz,
    ADD COLUMN metadata              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- The API client that created it; NULL for rooms created on first use by a guest link.
    ADD COLUMN created_by            varchar(100),
    ADD COLUMN close_reason          varchar(32);

UPDATE room SET empty_since = created_at;

CREATE INDEX room_by_state ON room (state, created_at DESC, id);
CREATE INDEX room_empty_with_timeout ON room (empty_since)
    WHERE state = 'ACTIVE' AND empty_timeout_seconds IS NOT NULL AND empty_since IS NOT NULL;

-- A participant's free-form metadata, from its join token.
ALTER TABLE participant_session ADD COLUMN metadata jsonb;

-- Create requests replayed with the same Idempotency-Key get the first answer again instead of a second room.
CREATE TABLE idempotent_request (
    client_id       varchar(100) NOT NULL,
    idempotency_key varchar(255) NOT NULL,
    request_hash    varchar(64)  NOT NULL,
    -- Filled in the same transaction that creates the room; the row is inserted first so that a concurrent request
    -- with the same key waits for this one instead of creating a second room.
    room_id         varchar(64)  REFERENCES room (id),
    created_at      timestamptz  NOT NULL,
    PRIMARY KEY (client_id, idempotency_key)
);
