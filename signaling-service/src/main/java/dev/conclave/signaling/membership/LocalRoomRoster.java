package dev.conclave.signaling.membership;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The roster of a single signaling node, in memory. A room exists here while it has members; every change to a room
 * happens inside {@link ConcurrentMap#compute} for that room, so admissions, removals and the room's disappearance
 * never interleave. Reads are lock-free. Visible members and the audience are kept apart, so a room of thousands of
 * viewers costs a join no more than a room of its few speakers.
 */
public class LocalRoomRoster implements RoomRoster {

    private static final Comparator<Member> EARLIEST_FIRST =
            Comparator.comparing((Member member) -> member.info().joinedAt()).thenComparing(member -> member.id().value());

    private final ConcurrentMap<RoomId, Members> rooms = new ConcurrentHashMap<>();

    /** One room's members. Written only inside {@code rooms.compute} for the room. */
    private static final class Members {
        final Map<ParticipantId, Member> visible = new ConcurrentHashMap<>();
        final Map<ParticipantId, Member> audience = new ConcurrentHashMap<>();
        final Map<String, ParticipantId> byIdentity = new ConcurrentHashMap<>();

        Member get(ParticipantId id) {
            Member member = visible.get(id);
            return member != null ? member : audience.get(id);
        }

        void put(Member member) {
            (member.audience() ? audience : visible).put(member.id(), member);
            byIdentity.put(member.info().identity(), member.id());
        }

        Member remove(ParticipantId id) {
            Member member = visible.remove(id);
            if (member == null) {
                member = audience.remove(id);
            }
            if (member != null) {
                byIdentity.remove(member.info().identity(), id);
            }
            return member;
        }

        int size() {
            return visible.size() + audience.size();
        }
    }

    @Override
    public Admission admit(Member newcomer, int maxParticipants) {
        Admission[] admission = new Admission[1];
        rooms.compute(newcomer.roomId(), (id, existing) -> {
            Members members = existing == null ? new Members() : existing;
            ParticipantId sameIdentity = members.byIdentity.get(newcomer.info().identity());
            Member replaced = sameIdentity == null ? null : members.remove(sameIdentity);
            if (members.size() >= maxParticipants) {
                if (replaced != null) {
                    members.put(replaced);
                }
                throw new ConclaveException(ErrorCode.ROOM_FULL,
                        "room " + id + " is full (" + maxParticipants + " participants)");
            }
            admission[0] = new Admission(sorted(members.visible.values()), members.audience.size(),
                    Optional.ofNullable(replaced));
            members.put(newcomer);
            return members;
        });
        return admission[0];
    }

    @Override
    public Optional<Member> remove(RoomId roomId, ParticipantId participant) {
        Member[] removed = new Member[1];
        rooms.computeIfPresent(roomId, (id, members) -> {
            removed[0] = members.remove(participant);
            return members.size() == 0 ? null : members;
        });
        return Optional.ofNullable(removed[0]);
    }

    @Override
    public Optional<Member> removeIfStillLost(RoomId roomId, ParticipantId participant, Instant since) {
        Member[] removed = new Member[1];
        rooms.computeIfPresent(roomId, (id, members) -> {
            Member member = members.get(participant);
            if (member != null && member.reconnecting() && member.presenceSince().equals(since)) {
                removed[0] = members.remove(participant);
            }
            return members.size() == 0 ? null : members;
        });
        return Optional.ofNullable(removed[0]);
    }

    @Override
    public Optional<Member> member(RoomId roomId, ParticipantId participant) {
        Members members = rooms.get(roomId);
        return members == null ? Optional.empty() : Optional.ofNullable(members.get(participant));
    }

    @Override
    public List<Member> visibleMembers(RoomId roomId) {
        Members members = rooms.get(roomId);
        return members == null ? List.of() : sorted(members.visible.values());
    }

    @Override
    public List<Member> allMembers(RoomId roomId) {
        Members members = rooms.get(roomId);
        if (members == null) {
            return List.of();
        }
        List<Member> all = new ArrayList<>(members.visible.values());
        all.addAll(members.audience.values());
        return all;
    }

    @Override
    public int audienceCount(RoomId roomId) {
        Members members = rooms.get(roomId);
        return members == null ? 0 : members.audience.size();
    }

    @Override
    public int count(RoomId roomId) {
        Members members = rooms.get(roomId);
        return members == null ? 0 : members.size();
    }

    @Override
    public Optional<Member> updateInfo(RoomId roomId, ParticipantId participant, UnaryOperator<ParticipantInfo> change) {
        return replace(roomId, participant, member -> member.withInfo(change.apply(member.info())));
    }

    @Override
    public Optional<Member> setChatMuted(RoomId roomId, ParticipantId participant, boolean muted) {
        return replace(roomId, participant, member -> member.withChatMuted(muted));
    }

    @Override
    public Optional<Member> markLost(RoomId roomId, ParticipantId participant, String node, String attachment,
                                     Instant when) {
        return replace(roomId, participant, member -> Member.lostThrough(member, node, attachment, when));
    }

    @Override
    public Optional<Member> reattach(RoomId roomId, ParticipantId participant, String node, String attachment,
                                     Instant when) {
        return replace(roomId, participant, member -> member.connectedOn(node, attachment, when));
    }

    @Override
    public List<Member> lostBefore(Instant cutoff) {
        List<Member> lost = new ArrayList<>();
        for (Members members : rooms.values()) {
            for (Map<ParticipantId, Member> group : List.of(members.visible, members.audience)) {
                group.values().stream()
                        .filter(member -> member.reconnecting() && member.presenceSince().isBefore(cutoff))
                        .forEach(lost::add);
            }
        }
        return lost;
    }

    @Override
    public List<Member> onNode(String node) {
        return rooms.values().stream()
                .flatMap(members -> Stream.concat(members.visible.values().stream(),
                        members.audience.values().stream()))
                .filter(member -> member.node().equals(node)).toList();
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** Applies {@code change} to the member; a {@code null} result leaves it as it was and reports nothing. */
    private Optional<Member> replace(RoomId roomId, ParticipantId participant, UnaryOperator<Member> change) {
        Member[] changed = new Member[1];
        rooms.computeIfPresent(roomId, (id, members) -> {
            Member member = members.get(participant);
            if (member != null) {
                Member updated = change.apply(member);
                if (updated != null) {
                    members.put(updated);
                    changed[0] = updated;
                }
            }
            return members;
        });
        return Optional.ofNullable(changed[0]);
    }

    private static List<Member> sorted(Collection<Member> members) {
        return members.stream().sorted(EARLIEST_FIRST).toList();
    }
}
