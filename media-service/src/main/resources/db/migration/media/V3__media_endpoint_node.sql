-- The signaling node that asked for each endpoint: the media server's ICE candidates for it go to that node only,
-- also after another replica took the room over. Empty: every node (endpoints saved before nodes were named).
alter table media_endpoint add column node_id varchar(64) not null default '';
