package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;

/** Path segments as typed ids, or a 400 naming the segment. */
final class RoomIds {

    private RoomIds() {
    }

    static RoomId parse(String roomId) {
        if (!RoomId.isValid(roomId)) {
            throw ConclaveException.invalidParam("roomId", "must match " + RoomId.PATTERN);
        }
        return new RoomId(roomId);
    }

    static ParticipantId participant(String participantId) {
        if (participantId == null || participantId.isEmpty() || participantId.length() > 40) {
            throw ConclaveException.invalidParam("participantId", "must be a participant id");
        }
        return new ParticipantId(participantId);
    }
}
