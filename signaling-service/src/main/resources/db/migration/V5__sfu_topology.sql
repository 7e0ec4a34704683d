-- SFU rooms: media through a Kurento worker placed by media-service.
ALTER TABLE room DROP CONSTRAINT room_topology_check;
ALTER TABLE room ADD CONSTRAINT room_topology_check CHECK (topology IN ('MESH', 'SFU'));
