-- Webhook endpoints registered by API clients, and the transactional outbox that feeds them: an event row is written
-- in the same transaction as the state change it reports, with one delivery row per subscribed endpoint.
CREATE TABLE webhook_endpoint (
    id         varchar(40)   NOT NULL PRIMARY KEY,
    client_id  varchar(100)  NOT NULL,
    url        varchar(2048) NOT NULL,
    secret     varchar(100)  NOT NULL,
    events     text[]        NOT NULL,
    created_at timestamptz   NOT NULL,
    deleted_at timestamptz
);

CREATE INDEX webhook_endpoint_by_client ON webhook_endpoint (client_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_event (
    seq        bigserial    NOT NULL PRIMARY KEY,
    id         varchar(40)  NOT NULL UNIQUE,
    type       varchar(40)  NOT NULL,
    room_id    varchar(64)  NOT NULL,
    payload    text         NOT NULL,
    created_at timestamptz  NOT NULL
);

CREATE TABLE webhook_delivery (
    id              bigserial   NOT NULL PRIMARY KEY,
    event_seq       bigint      NOT NULL REFERENCES webhook_event (seq),
    endpoint_id     varchar(40) NOT NULL REFERENCES webhook_endpoint (id),
    room_id         varchar(64) NOT NULL,
    status          varchar(16) NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    delivered_at    timestamptz
);

-- The dispatcher's question: for each endpoint and room, the oldest delivery not yet done.
CREATE INDEX webhook_delivery_pending ON webhook_delivery (endpoint_id, room_id, event_seq) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_by_endpoint ON webhook_delivery (endpoint_id, id DESC);

CREATE TABLE webhook_attempt (
    id           bigserial    NOT NULL PRIMARY KEY,
    delivery_id  bigint       NOT NULL REFERENCES webhook_delivery (id),
    attempted_at timestamptz  NOT NULL,
    status_code  integer,
    error        varchar(500),
    duration_ms  integer      NOT NULL
);

CREATE INDEX webhook_attempt_by_delivery ON webhook_attempt (delivery_id, id);
