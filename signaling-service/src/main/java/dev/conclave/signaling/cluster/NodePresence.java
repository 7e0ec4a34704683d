package dev.conclave.signaling.cluster;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.event.RoomEvent.ParticipantReconnecting;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.membership.RoomRoster;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Which signaling nodes are alive. Each node renews a key with a short lifetime; a node whose key expired is dead
 * (killed, frozen, cut off), and one survivor — whoever claims it first — marks its participants reconnecting, so
 * they keep their places for the grace period and can resume on any live node.
 */
final class NodePresence implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NodePresence.class);
    private static final String NODES = "conclave:nodes";

    private final RedisConnections redis;
    private final RoomRoster roster;
    private final RoomBus bus;
    private final ClusterProperties properties;
    private final Clock clock;
    private final String node;
    private final RosterRestore restore;
    /** Reconnections are reported on Lettuce's own thread, where no command may wait: the restore runs here. */
    private final ExecutorService afterReconnect = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-reconnected");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean away;

    NodePresence(RedisConnections redis, RoomRoster roster, RoomBus bus, ClusterProperties properties, Clock clock,
                 String node, RosterRestore restore) {
        this.redis = redis;
        this.roster = roster;
        this.bus = bus;
        this.properties = properties;
        this.clock = clock;
        this.node = node;
        this.restore = restore;
        heartbeat();
        redis.onConnected(() -> afterReconnect.execute(this::heartbeat));
    }

    /**
     * Says this node is alive and, if Redis lost its data since the last beat, puts this node's members back. While
     * Redis is away it fails quietly (readiness reports it), once per outage in the log.
     */
    @Scheduled(fixedDelayString = "${conclave.signaling.cluster.heartbeat}")
    synchronized void heartbeat() {
        try {
            restore.check();
            redis.sync().set(aliveKey(node), clock.instant().toString(), SetArgs.Builder.px(properties.nodeTimeout()));
            redis.sync().sadd(NODES, node);
            if (away) {
                away = false;
                log.info("Redis answers node {} again", node);
            }
        } catch (RedisException failure) {
            if (!away) {
                away = true;
                log.warn("Node {} cannot reach Redis ({}); it keeps serving its own members meanwhile", node,
                        failure.getMessage());
            }
        }
    }

    @Scheduled(fixedDelayString = "${conclave.signaling.cluster.dead-node-check}")
    void findDeadNodes() {
        if (away) {
            return;
        }
        try {
            findDeadNodesNow();
        } catch (RedisException failure) {
            log.debug("Dead-node check skipped: Redis unreachable ({})", failure.getMessage());
        }
    }

    private void findDeadNodesNow() {
        for (String other : redis.sync().smembers(NODES)) {
            if (!other.equals(node) && redis.sync().exists(aliveKey(other)) == 0) {
                String claimed = redis.sync().set("conclave:node:" + other + ":reaper", node,
                        SetArgs.Builder.nx().px(properties.nodeTimeout().multipliedBy(3)));
                if ("OK".equals(claimed)) {
                    holdPlacesOf(other);
                }
            }
        }
    }

    private void holdPlacesOf(String dead) {
        Instant now = clock.instant();
        int held = 0;
        for (Member member : roster.onNode(dead)) {
            if (roster.markLost(member.roomId(), member.id(), dead, null, now).isPresent()) {
                held++;
                if (!member.audience()) {
                    bus.publish(new ParticipantReconnecting(member.roomId(), member.id()));
                }
            }
        }
        redis.sync().srem(NODES, dead);
        log.warn("Node {} stopped answering; holding the places of its {} participants for them to resume", dead, held);
    }

    /** A clean stop: this node says it is gone at once (its participants were already handed over). */
    @Override
    public void destroy() {
        afterReconnect.shutdownNow();
        try {
            redis.sync().del(aliveKey(node));
            redis.sync().srem(NODES, node);
        } catch (RedisException gone) {
            log.info("Could not sign node {} off (Redis: {}); the others will see it silent after {}", node,
                    gone.getMessage(), properties.nodeTimeout());
        }
    }

    private static String aliveKey(String node) {
        return "conclave:node:" + node + ":alive";
    }
}
