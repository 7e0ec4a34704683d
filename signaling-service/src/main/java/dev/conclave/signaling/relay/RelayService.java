package dev.conclave.signaling.relay;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RelayPayload;
import dev.conclave.signaling.event.RoomEvent.Relayed;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Mesh signaling: SDP and ICE from one member of a room to another — on any node — through the server, untouched.
 * Only between listed members: an audience member (no {@code publish} grant) neither sends nor receives any.
 * Between two members connected to this node the shared roster is not asked, so their call goes on while Redis is
 * away.
 */
@Service
public class RelayService {

    private final RoomRoster roster;
    private final LocalParticipants local;
    private final RoomBus bus;

    RelayService(RoomRoster roster, LocalParticipants local, RoomBus bus) {
        this.roster = roster;
        this.local = local;
        this.bus = bus;
    }

    public void relay(RoomId roomId, ParticipantId from, ParticipantId to, RelayPayload payload) {
        if (from.equals(to)) {
            throw new ConclaveException(ErrorCode.CANNOT_RELAY_TO_SELF, "you cannot relay to yourself");
        }
        Optional<Participant> sender = local.get(from).filter(participant -> participant.roomId().equals(roomId));
        Optional<Participant> here = local.get(to).filter(participant -> participant.roomId().equals(roomId));
        boolean senderAudience = sender.isPresent() ? sender.get().audience()
                : roster.member(roomId, from).filter(Member::audience).isPresent();
        if (senderAudience) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED,
                    "an audience member (no publish grant) has no mesh signaling: watch in an SFU room");
        }
        // An audience member is not listed, and stays unknown to whoever guesses its id.
        boolean listed = here.isPresent() ? !here.get().audience()
                : roster.member(roomId, to).filter(member -> !member.audience()).isPresent();
        if (!listed) {
            throw new ConclaveException(ErrorCode.PARTICIPANT_NOT_FOUND, "participant " + to + " is not in this room");
        }
        bus.publish(new Relayed(roomId, from, to, payload));
    }
}
