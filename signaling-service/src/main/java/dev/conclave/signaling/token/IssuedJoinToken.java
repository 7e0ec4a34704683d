package dev.conclave.signaling.token;

import dev.conclave.signaling.room.RoomId;
import java.time.Instant;

public record IssuedJoinToken(String token, RoomId roomId, String identity, Instant expiresAt) {
}
