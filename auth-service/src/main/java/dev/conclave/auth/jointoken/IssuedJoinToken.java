package dev.conclave.auth.jointoken;

import java.time.Instant;

public record IssuedJoinToken(String token, String roomId, String identity, Instant expiresAt) {
}
