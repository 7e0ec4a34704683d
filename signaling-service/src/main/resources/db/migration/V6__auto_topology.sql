-- AUTO rooms: mesh while small, moved to SFU (for good) once they grow past a size; sfu_since says when.
ALTER TABLE room DROP CONSTRAINT room_topology_check;
ALTER TABLE room ADD CONSTRAINT room_topology_check CHECK (topology IN ('MESH', 'SFU', 'AUTO'));
ALTER TABLE room ADD COLUMN sfu_since timestamptz;
