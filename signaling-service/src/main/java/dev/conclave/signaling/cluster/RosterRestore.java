package dev.conclave.signaling.cluster;

import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.participant.Participant;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts this node's members back in the shared roster after Redis lost it — restarted without persistence, or failed
 * over to an empty replica — so the room goes on across nodes as it was: nobody leaves, later joiners see everyone,
 * relays reach everyone. Redis's loss is seen by the epoch, a random key the first node to find it missing sets:
 * a different epoch than this node knew means every node must restore its own members.
 * <p>
 * What cannot come back: resume tokens issued before the loss (a connection dropped afterwards joins again), and
 * media mute flags as the roster kept them (members are restored unmuted; the next change sets them again).
 */
final class RosterRestore {

    private static final Logger log = LoggerFactory.getLogger(RosterRestore.class);
    static final String EPOCH = "conclave:epoch";

    private final RedisConnections redis;
    private final RedisRoomRoster roster;
    private final RedisRoomBus bus;
    private final LocalParticipants local;
    private final Clock clock;
    private final String node;
    private final SecureRandom random = new SecureRandom();
    private volatile String epoch;

    RosterRestore(RedisConnections redis, RedisRoomRoster roster, RedisRoomBus bus, LocalParticipants local,
                  Clock clock, String node) {
        this.redis = redis;
        this.roster = roster;
        this.bus = bus;
        this.local = local;
        this.clock = clock;
        this.node = node;
        this.epoch = currentEpoch();
    }

    /** Restores this node's members if Redis lost them since the last check; then leaves rooms left meanwhile. */
    synchronized void check() {
        String now = currentEpoch();
        if (!now.equals(epoch)) {
            Instant when = clock.instant();
            int restored = 0;
            for (Participant participant : local.all()) {
                String attachment = local.attachment(participant.id()).orElse(null);
                if (attachment == null) {
                    continue; // left meanwhile
                }
                Member member = new Member(participant.roomId(), participant.initialInfo(), node, attachment,
                        Member.Presence.CONNECTED, when, participant.audience(), participant.chatMuted());
                if (roster.restore(member)) {
                    restored++;
                }
            }
            log.warn("Redis lost the roster (epoch {} -> {}): put this node's {} members back", epoch, now, restored);
            epoch = now;
        }
        bus.unsubscribeLeftRooms(room -> !local.inRoom(room).isEmpty());
    }

    private String currentEpoch() {
        String current = redis.sync().get(EPOCH);
        if (current != null) {
            return current;
        }
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        redis.sync().set(EPOCH, HexFormat.of().formatHex(bytes), SetArgs.Builder.nx());
        return redis.sync().get(EPOCH);
    }
}
