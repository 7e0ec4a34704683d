package dev.conclave.signaling.moderation;

import dev.conclave.signaling.room.RoomId;
import java.time.Instant;

/** Someone who may not be in a room: by identity, by client address, or both. */
public record RoomBlock(long id, RoomId roomId, String identity, String address, String reason, String createdBy,
                        Instant createdAt) {
}
