package dev.conclave.auth.api;

import dev.conclave.auth.jointoken.IssuedJoinToken;
import java.time.Instant;

record JoinTokenResponse(String token, String roomId, String identity, Instant expiresAt) {

    static JoinTokenResponse from(IssuedJoinToken issued) {
        return new JoinTokenResponse(issued.token(), issued.roomId(), issued.identity(), issued.expiresAt());
    }
}
