package dev.conclave.signaling.cluster;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.membership.Admission;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import io.lettuce.core.Range;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The roster shared by every signaling node, in Redis. Per room: a hash of visible members and one of the audience
 * (participant id → member JSON) and a hash from identity to participant id. Per node: the set of members attached
 * through it, so survivors find a dead node's members. Platform-wide: the members reconnecting, by since when.
 * Admission and removal are Lua scripts, atomic for their room; other changes compare-and-set the member's JSON.
 */
final class RedisRoomRoster implements RoomRoster {

    private static final String ADMIT = """
            local replaced = false
            local replacedKey = false
            local earlier = redis.call('HGET', KEYS[3], ARGV[2])
            if earlier then
              local visible = redis.call('HGET', KEYS[1], earlier)
              if visible then replaced = visible; replacedKey = KEYS[1]
              else
                local audience = redis.call('HGET', KEYS[2], earlier)
                if audience then replaced = audience; replacedKey = KEYS[2] end
              end
              if replacedKey then redis.call('HDEL', replacedKey, earlier) end
            end
            if redis.call('HLEN', KEYS[1]) + redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then
              if replacedKey then redis.call('HSET', replacedKey, earlier, replaced) end
              return {'FULL'}
            end
            local result = {'OK', replaced or '', tostring(redis.call('HLEN', KEYS[2]))}
            for _, member in ipairs(redis.call('HVALS', KEYS[1])) do result[#result + 1] = member end
            if ARGV[4] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
            redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
            return result
            """;

    /** ARGV[2]: '' removes whatever is there; else only a member reconnecting since exactly ARGV[2]. */
    private static final String REMOVE = """
            local key = KEYS[1]
            local member = redis.call('HGET', key, ARGV[1])
            if not member then key = KEYS[2]; member = redis.call('HGET', key, ARGV[1]) end
            if not member then return false end
            local decoded = cjson.decode(member)
            if ARGV[2] ~= '' and (decoded.presence ~= 'RECONNECTING' or decoded.since ~= ARGV[2]) then return false end
            redis.call('HDEL', key, ARGV[1])
            if redis.call('HGET', KEYS[3], decoded.info.identity) == ARGV[1] then
              redis.call('HDEL', KEYS[3], decoded.info.identity)
            end
            return member
            """;

    private static final String COMPARE_AND_SET = """
            local key = KEYS[1]
            local member = redis.call('HGET', key, ARGV[1])
            if not member then key = KEYS[2]; member = redis.call('HGET', key, ARGV[1]) end
            if member ~= ARGV[2] then return 0 end
            redis.call('HSET', key, ARGV[1], ARGV[3])
            return 1
            """;

    private static final String LOST = "conclave:members-lost";
    private static final Comparator<Member> EARLIEST_FIRST =
            Comparator.comparing((Member member) -> member.info().joinedAt()).thenComparing(member -> member.id().value());

    /** A member put back as it was, unless the room already has it again (another node, a resume). */
    private static final String RESTORE = """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
              return 0
            end
            if ARGV[4] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
            else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
            redis.call('HSETNX', KEYS[3], ARGV[2], ARGV[1])
            return 1
            """;

    private final RedisConnections redis;
    private final ClusterJson json;
    private final String admitSha;
    private final String removeSha;
    private final String casSha;
    private final String restoreSha;

    RedisRoomRoster(RedisConnections redis, ClusterJson json) {
        this.redis = redis;
        this.json = json;
        this.admitSha = redis.sync().scriptLoad(ADMIT);
        this.removeSha = redis.sync().scriptLoad(REMOVE);
        this.casSha = redis.sync().scriptLoad(COMPARE_AND_SET);
        this.restoreSha = redis.sync().scriptLoad(RESTORE);
    }

    /**
     * Puts a member of this node back after Redis lost the roster (restarted empty): as connected here, unless the
     * room has it already. Whether it was put back.
     */
    boolean restore(Member member) {
        Long restored = eval(restoreSha, RESTORE, ScriptOutputType.INTEGER, roomKeys(member.roomId()),
                member.id().value(), member.info().identity(), json.member(member), member.audience() ? "1" : "0");
        commands().sadd(nodeKey(member.node()), reference(member));
        return restored != null && restored == 1;
    }

    /**
     * Runs a loaded script; a Redis that restarted has forgotten it ({@code NOSCRIPT}), so it is loaded again (same
     * SHA) and run once more — else every join would fail until this node restarted.
     */
    private <T> T eval(String sha, String script, ScriptOutputType type, String[] keys, String... args) {
        try {
            return commands().evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException forgotten) {
            commands().scriptLoad(script);
            return commands().evalsha(sha, type, keys, args);
        }
    }

    @Override
    public Admission admit(Member newcomer, int maxParticipants) {
        RoomId room = newcomer.roomId();
        List<String> result = eval(admitSha, ADMIT, ScriptOutputType.MULTI, roomKeys(room),
                newcomer.id().value(), newcomer.info().identity(), json.member(newcomer),
                newcomer.audience() ? "1" : "0", Integer.toString(maxParticipants));
        if ("FULL".equals(result.get(0))) {
            throw new ConclaveException(ErrorCode.ROOM_FULL, "room " + room + " is full (" + maxParticipants + " participants)");
        }
        commands().sadd(nodeKey(newcomer.node()), reference(newcomer));
        Optional<Member> replaced = result.get(1).isEmpty() ? Optional.empty() : Optional.of(json.member(result.get(1)));
        replaced.ifPresent(this::forgetIndexes);
        List<Member> visible = result.subList(3, result.size()).stream().map(json::member).sorted(EARLIEST_FIRST).toList();
        return new Admission(visible, Integer.parseInt(result.get(2)), replaced);
    }

    @Override
    public Optional<Member> remove(RoomId roomId, ParticipantId participant) {
        return removeScript(roomId, participant, "");
    }

    @Override
    public Optional<Member> removeIfStillLost(RoomId roomId, ParticipantId participant, Instant since) {
        return removeScript(roomId, participant, since.toString());
    }

    @Override
    public Optional<Member> member(RoomId roomId, ParticipantId participant) {
        return raw(roomId, participant).map(json::member);
    }

    @Override
    public List<Member> visibleMembers(RoomId roomId) {
        return commands().hvals(visibleKey(roomId)).stream().map(json::member).sorted(EARLIEST_FIRST).toList();
    }

    @Override
    public List<Member> allMembers(RoomId roomId) {
        List<Member> all = new ArrayList<>(visibleMembers(roomId));
        commands().hvals(audienceKey(roomId)).stream().map(json::member).forEach(all::add);
        return all;
    }

    @Override
    public int audienceCount(RoomId roomId) {
        return commands().hlen(audienceKey(roomId)).intValue();
    }

    @Override
    public int count(RoomId roomId) {
        return (int) (commands().hlen(visibleKey(roomId)) + commands().hlen(audienceKey(roomId)));
    }

    @Override
    public Optional<Member> updateInfo(RoomId roomId, ParticipantId participant, UnaryOperator<ParticipantInfo> change) {
        return compareAndSet(roomId, participant, member -> new Member(member.roomId(), change.apply(member.info()),
                member.node(), member.attachment(), member.presence(), member.presenceSince(), member.audience(),
                member.chatMuted()));
    }

    @Override
    public Optional<Member> setChatMuted(RoomId roomId, ParticipantId participant, boolean muted) {
        return compareAndSet(roomId, participant, member -> new Member(member.roomId(), member.info(), member.node(),
                member.attachment(), member.presence(), member.presenceSince(), member.audience(), muted));
    }

    @Override
    public Optional<Member> markLost(RoomId roomId, ParticipantId participant, String node, String attachment,
                                     Instant when) {
        Optional<Member> lost = compareAndSet(roomId, participant, member -> {
            boolean same = member.node().equals(node) && (attachment == null || member.attachment().equals(attachment));
            return same && !member.reconnecting() ? new Member(member.roomId(), member.info(), member.node(),
                    member.attachment(), Member.Presence.RECONNECTING, when, member.audience(), member.chatMuted()) : null;
        });
        lost.ifPresent(member -> commands().zadd(LOST, when.toEpochMilli(), reference(member)));
        return lost;
    }

    @Override
    public Optional<Member> reattach(RoomId roomId, ParticipantId participant, String node, String attachment,
                                     Instant when) {
        Member[] before = new Member[1];
        Optional<Member> attached = compareAndSet(roomId, participant, member -> {
            before[0] = member;
            return new Member(member.roomId(), member.info(), node, attachment, Member.Presence.CONNECTED, when,
                    member.audience(), member.chatMuted());
        });
        attached.ifPresent(member -> {
            commands().zrem(LOST, reference(member));
            if (!before[0].node().equals(node)) {
                commands().srem(nodeKey(before[0].node()), reference(member));
            }
            commands().sadd(nodeKey(node), reference(member));
        });
        return attached;
    }

    @Override
    public List<Member> lostBefore(Instant cutoff) {
        List<Member> lost = new ArrayList<>();
        for (String reference : commands().zrangebyscore(LOST, Range.create(0, cutoff.toEpochMilli()))) {
            Optional<Member> member = resolve(reference);
            if (member.isPresent() && member.get().reconnecting()) {
                lost.add(member.get());
            } else {
                commands().zrem(LOST, reference);
            }
        }
        return lost;
    }

    @Override
    public List<Member> onNode(String node) {
        List<Member> members = new ArrayList<>();
        for (String reference : commands().smembers(nodeKey(node))) {
            Optional<Member> member = resolve(reference).filter(found -> found.node().equals(node));
            if (member.isPresent()) {
                members.add(member.get());
            } else {
                commands().srem(nodeKey(node), reference);
            }
        }
        return members;
    }

    @Override
    public boolean shared() {
        return true;
    }

    private Optional<Member> removeScript(RoomId roomId, ParticipantId participant, String ifLostSince) {
        String removed = eval(removeSha, REMOVE, ScriptOutputType.VALUE, roomKeys(roomId),
                participant.value(), ifLostSince);
        Optional<Member> member = Optional.ofNullable(removed).map(json::member);
        member.ifPresent(this::forgetIndexes);
        return member;
    }

    /** Read, change, write back only if nobody changed it meanwhile; retried. {@code null} from change: no change. */
    private Optional<Member> compareAndSet(RoomId roomId, ParticipantId participant, UnaryOperator<Member> change) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<String> current = raw(roomId, participant);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Member updated = change.apply(json.member(current.get()));
            if (updated == null) {
                return Optional.empty();
            }
            Long written = eval(casSha, COMPARE_AND_SET, ScriptOutputType.INTEGER,
                    new String[] {visibleKey(roomId), audienceKey(roomId)}, participant.value(), current.get(),
                    json.member(updated));
            if (written != null && written == 1) {
                return Optional.of(updated);
            }
        }
        throw new IllegalStateException("member " + participant + " of room " + roomId + " kept changing");
    }

    private Optional<String> raw(RoomId roomId, ParticipantId participant) {
        String visible = commands().hget(visibleKey(roomId), participant.value());
        return Optional.ofNullable(visible != null ? visible : commands().hget(audienceKey(roomId), participant.value()));
    }

    private Optional<Member> resolve(String reference) {
        int space = reference.indexOf(' ');
        return member(new RoomId(reference.substring(0, space)), new ParticipantId(reference.substring(space + 1)));
    }

    private void forgetIndexes(Member member) {
        commands().srem(nodeKey(member.node()), reference(member));
        commands().zrem(LOST, reference(member));
    }

    private RedisCommands<String, String> commands() {
        return redis.sync();
    }

    private static String[] roomKeys(RoomId room) {
        return new String[] {visibleKey(room), audienceKey(room), "conclave:room:" + room + ":identities"};
    }

    private static String visibleKey(RoomId room) {
        return "conclave:room:" + room + ":visible";
    }

    private static String audienceKey(RoomId room) {
        return "conclave:room:" + room + ":audience";
    }

    private static String nodeKey(String node) {
        return "conclave:node:" + node + ":members";
    }

    private static String reference(Member member) {
        return member.roomId() + " " + member.id();
    }
}
