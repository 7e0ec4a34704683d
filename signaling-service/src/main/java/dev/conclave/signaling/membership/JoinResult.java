package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.Room;
import java.util.List;

/**
 * @param others everyone already in the room when the participant was admitted; anyone after that arrives as a
 *               {@code ParticipantJoined} event
 */
public record JoinResult(Room room, Participant self, List<ParticipantInfo> others) {
}
