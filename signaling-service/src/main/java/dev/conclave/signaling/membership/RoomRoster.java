package dev.conclave.signaling.membership;

import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Who is in which room, across every signaling node: the one place membership is decided. Each change is atomic for
 * its room, whatever node asks. In memory for a single node ({@link LocalRoomRoster}); shared through Redis when
 * signaling runs on several.
 */
public interface RoomRoster {

    /**
     * Adds the newcomer unless the room is full: first removing an earlier member with the same identity (which makes
     * room), then checking capacity against everyone, audience included.
     *
     * @throws dev.conclave.signaling.error.ConclaveException {@code ROOM_FULL}
     */
    Admission admit(Member newcomer, int maxParticipants);

    /** Removes the member, whatever its presence; empty if it was not there. */
    Optional<Member> remove(RoomId roomId, ParticipantId participant);

    /** Removes the member only if it is still reconnecting since {@code since}: the grace period ran out. */
    Optional<Member> removeIfStillLost(RoomId roomId, ParticipantId participant, Instant since);

    Optional<Member> member(RoomId roomId, ParticipantId participant);

    /** The room's visible members, earliest first. */
    List<Member> visibleMembers(RoomId roomId);

    /** Everyone in the room, audience included. */
    List<Member> allMembers(RoomId roomId);

    int audienceCount(RoomId roomId);

    /** Everyone in the room, audience included. */
    int count(RoomId roomId);

    /** Replaces what the room sees of the member (its mute state); empty if it is gone. */
    Optional<Member> updateInfo(RoomId roomId, ParticipantId participant, UnaryOperator<ParticipantInfo> change);

    Optional<Member> setChatMuted(RoomId roomId, ParticipantId participant, boolean muted);

    /**
     * Marks the member reconnecting, if it is still attached through that connection of that node ({@code null}
     * attachment: whichever connection of that node — the node died): a member that has already resumed elsewhere
     * stays as it is. Returns the member as marked, or empty if nothing changed.
     */
    Optional<Member> markLost(RoomId roomId, ParticipantId participant, String node, String attachment, Instant when);

    /** The member, now attached through {@code attachment} on {@code node}; empty if it is no longer in the room. */
    Optional<Member> reattach(RoomId roomId, ParticipantId participant, String node, String attachment, Instant when);

    /** Members reconnecting since before {@code cutoff}, in every room. */
    List<Member> lostBefore(Instant cutoff);

    /** Members whose connection is recorded on {@code node}, in every room. */
    List<Member> onNode(String node);

    /** Whether other nodes share this roster (then a restarted node must not close sessions they may resume). */
    boolean shared();
}
