-- Several media-service replicas share the rooms: each replica says it is alive (heartbeat_at, on the database's
-- clock, so the replicas' clocks do not matter), and each SFU room is owned by one replica at a time. The owner row
-- is the lease: it holds while its replica's heartbeat is fresh; once stale, another replica takes the room over
-- and the epoch goes up. Every write to a room's media rows names the epoch it was made under (the fencing token),
-- so a replica that lost a room without knowing it cannot change it any more.
create table media_replica (
    replica_id   varchar(64)  primary key,
    -- host:port of its gRPC server, where other replicas forward a room's calls and signaling streams its events
    address      varchar(300) not null,
    started_at   timestamptz  not null,
    heartbeat_at timestamptz  not null
);

create table media_room_owner (
    room_id    varchar(64) primary key,
    replica_id varchar(64) not null,
    epoch      bigint      not null,
    claimed_at timestamptz not null
);

create index media_room_owner_replica on media_room_owner (replica_id);

-- Workers an operator drains, seen by every replica at its next probe: none places a new room there, and with
-- move_rooms each moves the rooms it owns there away.
create table media_worker_drain (
    worker_id  varchar(64) primary key,
    move_rooms boolean     not null,
    since      timestamptz not null
);
