package dev.conclave.signaling.token;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomAccess;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import org.springframework.stereotype.Service;

/** Guest join tokens for anyone holding an {@code OPEN} room's link. */
@Service
public class GuestTokens {

    private final RoomCatalog rooms;
    private final JoinTokenMinter minter;

    GuestTokens(RoomCatalog rooms, JoinTokenMinter minter) {
        this.rooms = rooms;
        this.minter = minter;
    }

    public IssuedJoinToken issue(RoomId roomId, String displayName) {
        Room room = rooms.requireOrCreateOpen(roomId);
        if (room.isClosed()) {
            throw new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + roomId + " is closed");
        }
        if (room.access() != RoomAccess.OPEN) {
            throw new ConclaveException(ErrorCode.ROOM_ACCESS_DENIED,
                    "room " + roomId + " admits invited participants only; ask the organiser for a link with a token");
        }
        return minter.mint(JoinTokenRequest.guest(roomId, displayName));
    }
}
