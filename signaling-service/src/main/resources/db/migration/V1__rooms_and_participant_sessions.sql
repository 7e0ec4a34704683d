-- Rooms: who may join (access), how many at once, and whether the room still takes people.
CREATE TABLE room (
    id               varchar(64)  NOT NULL PRIMARY KEY,
    access           varchar(16)  NOT NULL CHECK (access IN ('OPEN', 'TOKEN')),
    max_participants integer      NOT NULL CHECK (max_participants BETWEEN 1 AND 100000),
    state            varchar(16)  NOT NULL CHECK (state IN ('ACTIVE', 'CLOSED')),
    created_at       timestamptz  NOT NULL,
    closed_at        timestamptz
);

-- One row per time a participant was in a room: the history internal services query, and the record of who is
-- connected on which signaling node (left_at IS NULL) so a restarted node can close what it left open.
CREATE TABLE participant_session (
    id             varchar(40)  NOT NULL PRIMARY KEY,
    room_id        varchar(64)  NOT NULL REFERENCES room (id),
    identity       varchar(128) NOT NULL,
    display_name   varchar(64)  NOT NULL,
    guest          boolean      NOT NULL,
    node_id        varchar(128) NOT NULL,
    remote_address varchar(64),
    user_agent     varchar(512),
    joined_at      timestamptz  NOT NULL,
    left_at        timestamptz,
    leave_reason   varchar(32)
);

CREATE INDEX participant_session_room ON participant_session (room_id, joined_at);
CREATE INDEX participant_session_open_by_node ON participant_session (node_id) WHERE left_at IS NULL;
