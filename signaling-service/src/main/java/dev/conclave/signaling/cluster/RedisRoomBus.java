package dev.conclave.signaling.cluster;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.bus.RoomEventListener;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.membership.RoomPresenceListener;
import dev.conclave.signaling.room.RoomId;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The room bus across nodes: Redis pub/sub, one channel per room. A node is subscribed to a room's channel exactly
 * while it has participants of the room, and hears its own events back through it like everyone else's, so every
 * node sees a room's events in the same order. Events are handed to the listener on one thread, in arrival order.
 */
final class RedisRoomBus implements RoomBus, RoomPresenceListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisRoomBus.class);
    private static final String CHANNEL = "conclave:room-events:";

    private final RedisConnections redis;
    private final RoomEventCodec codec;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "room-bus-delivery");
        thread.setDaemon(true);
        return thread;
    });

    RedisRoomBus(RedisConnections redis, RoomEventCodec codec, RoomEventListener listener) {
        this.redis = redis;
        this.codec = codec;
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
                delivery.execute(() -> {
                    try {
                        listener.onRoomEvent(event);
                    } catch (RuntimeException e) {
                        log.error("Could not deliver {} in room={}", event.getClass().getSimpleName(), event.roomId(), e);
                    }
                });
            }
        });
    }

    @Override
    public void publish(RoomEvent event) {
        redis.sync().publish(CHANNEL + event.roomId(), codec.encode(event));
    }

    /** Subscribes before returning, so nothing published from now on is missed. */
    @Override
    public void firstLocalMember(RoomId room) {
        redis.pubSub().sync().subscribe(CHANNEL + room);
    }

    @Override
    public void lastLocalMemberLeft(RoomId room) {
        redis.pubSub().sync().unsubscribe(CHANNEL + room);
    }

    @Override
    public void destroy() {
        delivery.shutdown();
    }
}
