package dev.conclave.signaling.rpc;

import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Chat in busy rooms (many members on this node), delivered off the sender's thread. A room's messages go out in
 * passes over its members, one pass at a time; whatever arrived during a pass goes out together in the next one, as
 * a JSON-RPC batch (an array of notifications) in one frame per member. Unloaded, every message has its own pass at
 * once; loaded, each frame and each write carries several messages. A pass over many members is split between
 * threads, so all cores send.
 */
final class ChatFanout implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatFanout.class);
    /** Members one thread sends a pass to before another thread takes a share. */
    private static final int SHARE = 1_000;

    /** Where a member's frames go: its connection's outbox. */
    interface Recipient {
        /** Queues a droppable frame (chat) for this member. */
        void sendChat(String frame);
    }

    private final Function<ParticipantId, ? extends Recipient> connections;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final ExecutorService passes = Executors.newFixedThreadPool(threads, daemon("chat-fanout-"));
    private final ExecutorService shares = Executors.newFixedThreadPool(threads, daemon("chat-fanout-share-"));
    private final Map<RoomId, Pending> rooms = new ConcurrentHashMap<>();
    private final Consumer<Instant> passDone;

    ChatFanout(Function<ParticipantId, ? extends Recipient> connections) {
        this(connections, oldest -> { });
    }

    /** @param passDone told, after each pass, when the oldest message it carried was sent (for the fan-out time) */
    ChatFanout(Function<ParticipantId, ? extends Recipient> connections, Consumer<Instant> passDone) {
        this.connections = connections;
        this.passDone = passDone;
    }

    /** Queues an encoded {@code message} notification for the room's members here. */
    void deliver(RoomId room, String notification, Collection<ParticipantId> recipients) {
        deliver(room, notification, recipients, null);
    }

    /** @param sentAt when the message was sent, or null */
    void deliver(RoomId room, String notification, Collection<ParticipantId> recipients, Instant sentAt) {
        while (true) {
            Pending pending = rooms.computeIfAbsent(room, id -> new Pending());
            synchronized (pending) {
                if (pending.retired) {
                    continue; // its last pass just ended: the room has a fresh one now
                }
                pending.notifications.add(notification);
                pending.recipients = recipients;
                if (pending.oldestSentAt == null) {
                    pending.oldestSentAt = sentAt;
                }
                if (pending.running) {
                    return;
                }
                pending.running = true;
            }
            passes.execute(() -> run(room, pending));
            return;
        }
    }

    private void run(RoomId room, Pending pending) {
        while (true) {
            List<String> batch;
            Collection<ParticipantId> recipients;
            Instant oldest;
            synchronized (pending) {
                if (pending.notifications.isEmpty()) {
                    pending.retired = true;
                    rooms.remove(room, pending);
                    return;
                }
                batch = pending.notifications;
                recipients = pending.recipients;
                oldest = pending.oldestSentAt;
                pending.notifications = new ArrayList<>();
                pending.oldestSentAt = null;
            }
            try {
                pass(frame(batch), List.copyOf(recipients));
                if (oldest != null) {
                    passDone.accept(oldest);
                }
            } catch (RuntimeException e) {
                log.error("Chat fan-out failed in room={}", room.value(), e);
            }
        }
    }

    private void pass(String frame, List<ParticipantId> recipients) {
        int parts = Math.max(1, Math.min(threads, recipients.size() / SHARE));
        int size = (recipients.size() + parts - 1) / parts;
        CountDownLatch others = new CountDownLatch(parts - 1);
        for (int part = 1; part < parts; part++) {
            List<ParticipantId> share = recipients.subList(part * size, Math.min(recipients.size(), (part + 1) * size));
            shares.execute(() -> {
                try {
                    send(frame, share);
                } finally {
                    others.countDown();
                }
            });
        }
        send(frame, recipients.subList(0, Math.min(recipients.size(), size)));
        try {
            others.await(); // the next pass must not overtake this one at any member
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(String frame, List<ParticipantId> recipients) {
        for (ParticipantId recipient : recipients) {
            Recipient connection = connections.apply(recipient);
            if (connection != null) {
                connection.sendChat(frame);
            }
        }
    }

    /** One notification as it is; several as a JSON-RPC batch. */
    static String frame(List<String> notifications) {
        if (notifications.size() == 1) {
            return notifications.get(0);
        }
        StringBuilder batch = new StringBuilder(notifications.size() * (notifications.get(0).length() + 1) + 2);
        batch.append('[');
        for (int i = 0; i < notifications.size(); i++) {
            if (i > 0) {
                batch.append(',');
            }
            batch.append(notifications.get(i));
        }
        return batch.append(']').toString();
    }

    @Override
    public void close() {
        passes.shutdownNow();
        shares.shutdownNow();
    }

    private static final class Pending {
        private List<String> notifications = new ArrayList<>();
        private Collection<ParticipantId> recipients;
        private Instant oldestSentAt;
        private boolean running;
        private boolean retired;
    }

    private static CustomizableThreadFactory daemon(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }
}
