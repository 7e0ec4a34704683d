package dev.conclave.signaling.membership;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in one room right now. Reads are lock-free from any thread; changes are made only by {@link LiveRooms},
 * one at a time per room.
 */
final class LiveRoom {

    private final RoomId id;
    private final int maxParticipants;
    private final Map<ParticipantId, Participant> members = new ConcurrentHashMap<>();

    LiveRoom(RoomId id, int maxParticipants) {
        this.id = id;
        this.maxParticipants = maxParticipants;
    }

    /** Adds the participant, first removing an earlier member with the same identity. */
    Admission admit(Participant participant) {
        Optional<Participant> replaced = members.values().stream()
                .filter(member -> member.identity().equals(participant.identity()))
                .findFirst();
        replaced.ifPresent(member -> members.remove(member.id()));
        if (members.size() >= maxParticipants) {
            replaced.ifPresent(member -> members.put(member.id(), member));
            throw new ConclaveException(ErrorCode.ROOM_FULL,
                    "room " + id + " is full (" + maxParticipants + " participants)");
        }
        List<ParticipantInfo> others = sortedInfo(members.values());
        members.put(participant.id(), participant);
        return new Admission(others, replaced);
    }

    Optional<Participant> remove(ParticipantId participant) {
        return Optional.ofNullable(members.remove(participant));
    }

    Optional<Participant> member(ParticipantId participant) {
        return Optional.ofNullable(members.get(participant));
    }

    Collection<Participant> members() {
        return members.values();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    private static List<ParticipantInfo> sortedInfo(Collection<Participant> participants) {
        return participants.stream().map(Participant::info)
                .sorted(Comparator.comparing(ParticipantInfo::joinedAt)).toList();
    }

    /**
     * @param others   everyone who was in the room before, as the newcomer must be told
     * @param replaced an earlier connection of the same identity, now removed
     */
    record Admission(List<ParticipantInfo> others, Optional<Participant> replaced) {
    }
}
