package dev.conclave.signaling.token;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Join tokens an internal service asks for, for a room that exists and is open for business. */
@Service
public class RoomJoinTokens {

    private static final Logger log = LoggerFactory.getLogger(RoomJoinTokens.class);

    private final RoomCatalog rooms;
    private final JoinTokenMinter minter;

    RoomJoinTokens(RoomCatalog rooms, JoinTokenMinter minter) {
        this.rooms = rooms;
        this.minter = minter;
    }

    public IssuedJoinToken mint(JoinTokenRequest request, String clientId) {
        Room room = rooms.require(request.roomId());
        if (room.isClosed()) {
            throw new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + request.roomId() + " is closed");
        }
        IssuedJoinToken issued = minter.mint(request);
        log.info("Client {} minted a join token room={} identity={}", clientId, request.roomId(), issued.identity());
        return issued;
    }
}
