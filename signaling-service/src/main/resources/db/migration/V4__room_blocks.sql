-- Who may not be in a room: an identity, a client address, or both. Checked on every join and resume.
CREATE TABLE room_block (
    id         bigserial    NOT NULL PRIMARY KEY,
    room_id    varchar(64)  NOT NULL REFERENCES room (id),
    identity   varchar(128),
    address    varchar(64),
    reason     varchar(500),
    created_by varchar(100) NOT NULL,
    created_at timestamptz  NOT NULL,
    CHECK (identity IS NOT NULL OR address IS NOT NULL)
);

CREATE INDEX room_block_identity ON room_block (room_id, identity) WHERE identity IS NOT NULL;
CREATE INDEX room_block_address ON room_block (room_id, address) WHERE address IS NOT NULL;
