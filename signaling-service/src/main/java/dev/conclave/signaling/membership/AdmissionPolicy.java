package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.room.RoomId;

/** A rule every join and resume must pass besides the join token's, such as a room's blocklist. */
public interface AdmissionPolicy {

    /** @throws dev.conclave.signaling.error.ConclaveException when the participant may not be in the room */
    void check(RoomId room, String identity, ClientInfo client);

    /** Whether a resume (keeping a place already admitted) must pass it too, not only a join. */
    default boolean appliesToResume() {
        return true;
    }
}
