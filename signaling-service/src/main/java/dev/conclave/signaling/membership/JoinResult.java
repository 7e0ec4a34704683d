package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.Room;
import java.util.List;

/**
 * What a participant learns on joining, or on resuming.
 *
 * @param self          its own description as the room sees it
 * @param others        the visible members already in the room, earliest first; anyone after that arrives as a
 *                      {@code ParticipantJoined} event
 * @param audienceCount how many audience members are in the room besides
 * @param resumeToken   lets it come back as itself after its connection drops
 */
public record JoinResult(Room room, Participant participant, ParticipantInfo self, List<ParticipantInfo> others,
                         int audienceCount, String resumeToken) {
}
