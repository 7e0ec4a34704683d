package dev.conclave.media.allocation;

import dev.conclave.media.endpoint.RoomId;

/** Another media-service replica took the room over: this one no longer changes it (the caller tries again). */
public class RoomLostException extends RuntimeException {

    private final RoomId room;

    public RoomLostException(RoomId room, String message) {
        super(message);
        this.room = room;
    }

    public RoomId room() {
        return room;
    }
}
