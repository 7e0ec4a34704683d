package dev.conclave.signaling.cluster;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.bus.RoomEventListener;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.membership.RoomPresenceListener;
import dev.conclave.signaling.room.RoomId;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The room bus across nodes: Redis pub/sub, one channel per room. A node is subscribed to a room's channel exactly
 * while it has participants of the room, and hears its own events back through it like everyone else's, so every
 * node sees a room's events in the same order. Events are handed to the listener on one thread, in arrival order.
 * <p>
 * While this node is cut off from Redis (its connection is down: the event was never sent) an event is delivered
 * to this node's members only, so a call whose members share a node goes on; members on other nodes do not hear it.
 * An event whose command timed out on a connection that looked open may still reach Redis later: it fails
 * ({@code UNAVAILABLE}) rather than being delivered here now and maybe again then.
 */
final class RedisRoomBus implements RoomBus, RoomPresenceListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisRoomBus.class);
    private static final String CHANNEL = "conclave:room-events:";

    private final RedisConnections redis;
    private final RoomEventCodec codec;
    private final RoomEventListener listener;
    /** Rooms this node left while Redis was away: still subscribed (Lettuce subscribes again on reconnect). */
    private final Set<RoomId> leftUnsubscribed = ConcurrentHashMap.newKeySet();
    private final Counter localOnly;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "room-bus-delivery");
        thread.setDaemon(true);
        return thread;
    });

    RedisRoomBus(RedisConnections redis, RoomEventCodec codec, RoomEventListener listener, MeterRegistry metrics) {
        this.redis = redis;
        this.codec = codec;
        this.listener = listener;
        this.localOnly = Counter.builder("conclave.bus.local-only")
                .description("Room events delivered on this node only, as Redis was unreachable").register(metrics);
        redis.pubSub().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                RoomEvent event;
                try {
                    event = codec.decode(message);
                } catch (RuntimeException e) {
                    log.error("Dropped an unreadable room event from {}: {}", channel, message, e);
                    return;
                }
                deliverHere(event);
            }
        });
    }

    private void deliverHere(RoomEvent event) {
        delivery.execute(() -> {
            try {
                listener.onRoomEvent(event);
            } catch (RuntimeException e) {
                log.error("Could not deliver {} in room={}", event.getClass().getSimpleName(), event.roomId(), e);
            }
        });
    }

    @Override
    public void publish(RoomEvent event) {
        String encoded = codec.encode(event);
        try {
            redis.sync().publish(CHANNEL + event.roomId(), encoded);
        } catch (RedisException failure) {
            if (failure instanceof RedisCommandTimeoutException || redis.commandsOpen()) {
                throw failure; // it may have been sent: delivering it here as well could deliver it twice
            }
            localOnly.increment();
            log.debug("Redis unreachable: {} in room={} delivered on this node only", event.getClass().getSimpleName(),
                    event.roomId());
            deliverHere(event);
        }
    }

    /** Subscribes before returning, so nothing published from now on is missed. */
    @Override
    public void firstLocalMember(RoomId room) {
        leftUnsubscribed.remove(room);
        redis.pubSub().sync().subscribe(CHANNEL + room);
    }

    /** Never fails the leave: while Redis is away the room is noted, and left on {@link #unsubscribeLeftRooms}. */
    @Override
    public void lastLocalMemberLeft(RoomId room) {
        try {
            redis.pubSub().sync().unsubscribe(CHANNEL + room);
        } catch (RedisException away) {
            leftUnsubscribed.add(room);
        }
    }

    /** Unsubscribes from the rooms left while Redis was away that still have no member here. */
    void unsubscribeLeftRooms(Predicate<RoomId> hasLocalMembers) {
        for (RoomId room : List.copyOf(leftUnsubscribed)) {
            if (hasLocalMembers.test(room)) {
                leftUnsubscribed.remove(room);
                continue;
            }
            redis.pubSub().sync().unsubscribe(CHANNEL + room);
            leftUnsubscribed.remove(room);
        }
    }

    @Override
    public void destroy() {
        delivery.shutdown();
    }
}
