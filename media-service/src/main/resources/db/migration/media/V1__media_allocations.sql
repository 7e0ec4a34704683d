-- Where each SFU room lives and the endpoints it holds, so that a restarted media-service reattaches to them.
create table media_room (
    room_id      varchar(64)  primary key,
    worker_id    varchar(64)  not null,
    pipeline_id  varchar(300) not null,
    allocated_at timestamptz  not null
);

create index media_room_worker on media_room (worker_id);

create table media_endpoint (
    endpoint_id    varchar(300) primary key,
    room_id        varchar(64)  not null references media_room (room_id) on delete cascade,
    participant_id varchar(64)  not null,
    -- empty for the participant's publisher endpoint, else the publisher this subscription receives
    publisher_id   varchar(64)  not null default '',
    created_at     timestamptz  not null,
    unique (room_id, participant_id, publisher_id)
);
