package dev.conclave.signaling.token;

import dev.conclave.signaling.room.RoomId;

/** Where join tokens come from: auth-service, which alone holds the signing keys. */
public interface JoinTokenMinter {

    IssuedJoinToken mintGuest(RoomId roomId, String displayName);
}
