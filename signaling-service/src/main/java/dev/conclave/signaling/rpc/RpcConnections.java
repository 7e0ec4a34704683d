package dev.conclave.signaling.rpc;

import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.ChatMessage;
import dev.conclave.signaling.membership.ParticipantConnections;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.text.WireText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** Every open socket on this node, and the participant each one speaks for. */
@Component
class RpcConnections implements ParticipantConnections, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RpcConnections.class);

    private final Map<String, RpcConnection> bySocket = new ConcurrentHashMap<>();
    private final Map<ParticipantId, RpcConnection> byParticipant = new ConcurrentHashMap<>();
    private final RpcNotifications notifications;
    private final RpcProperties properties;
    private final Clock clock;
    private final Counter droppedChat;
    private final Counter unencodable;
    private final Counter stuck;
    private final ChatFanout chatFanout;
    private final Timer chatFanoutTime;
    /**
     * Closes sockets: a stuck one (closing may wait on its pending write: never on a thread that delivers to others),
     * and the others after the close linger.
     */
    private final ScheduledExecutorService closer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "rpc-closer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Sends pings, which the Jakarta API sends only blocking: one at a time, off the threads that sweep or deliver, each
     * waiting at most {@link #PING_SEND_WAIT_MILLIS} for the socket.
     */
    private final ExecutorService pinger = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rpc-ping");
        thread.setDaemon(true);
        return thread;
    });

    RpcConnections(RpcNotifications notifications, RpcProperties properties, MeterRegistry metrics, Clock clock) {
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("conclave.connections", bySocket, Map::size)
                .description("Open signaling WebSocket connections on this node").register(metrics);
        this.droppedChat = Counter.builder("conclave.rpc.dropped")
                .description("Chat messages not sent to a client that had fallen behind").tag("kind", "chat")
                .register(metrics);
        this.unencodable = Counter.builder("conclave.rpc.dropped")
                .description("Frames not sent because UTF-8 cannot encode them (an unpaired surrogate)")
                .tag("kind", "unencodable").register(metrics);
        this.chatFanoutTime = Timer.builder("conclave.chat.fanout")
                .description("From a chat message's sending to its notification queued for every recipient on this node")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(metrics);
        this.chatFanout = new ChatFanout(byParticipant::get, this::fannedOut);
        this.stuck = Counter.builder("conclave.rpc.stuck")
                .description("Connections closed because their client stopped reading").register(metrics);
    }

    RpcConnection open(WebSocketSession session, ClientInfo client) {
        RpcConnection[] opened = new RpcConnection[1];
        Outbox.Listener listener = new Outbox.Listener() {
            @Override
            public void dropped() {
                droppedChat.increment();
            }

            @Override
            public void unencodable() {
                unencodable.increment();
                log.warn("Dropped a frame for connection {} of participant {}: UTF-8 cannot encode it",
                        opened[0].id(), opened[0].membership() == null ? "-" : opened[0].membership().participantId());
            }

            @Override
            public void stuck(String why) {
                giveUp(opened[0], why);
            }
        };
        opened[0] = new RpcConnection(session, sender(session, pinger), listener, client, clock.instant(),
                properties.sendBufferLimit().toBytes(), properties.maxFrameSize().toBytes(), this::afterLinger);
        bySocket.put(session.getId(), opened[0]);
        return opened[0];
    }

    void closed(RpcConnection connection) {
        bySocket.remove(connection.id());
    }

    RpcConnection bySocket(String socketId) {
        return bySocket.get(socketId);
    }

    Collection<RpcConnection> all() {
        return bySocket.values();
    }

    /**
     * From now on, events for the participant go to this connection. A connection that spoke for it until now
     * (the participant resumed on a new one before the old one was noticed dead) is let go.
     */
    void speaksFor(ParticipantId participant, RpcConnection connection) {
        RpcConnection previous = byParticipant.put(participant, connection);
        if (previous != null && previous != connection) {
            letGo(previous, CloseCodes.RESUMED_ELSEWHERE);
        }
    }

    void forget(ParticipantId participant, RpcConnection connection) {
        byParticipant.remove(participant, connection);
    }

    /**
     * Encodes the event once and queues it for every recipient connected here; chat may be dropped for laggards. Chat
     * in a busy room goes out through the {@link ChatFanout}. An event UTF-8 cannot encode (the edges refuse such
     * text; this is for what came another way, from media-service, say) is dropped here, for everyone, before it could
     * share a batch with others' messages.
     */
    @Override
    public void deliver(RoomEvent event, Collection<ParticipantId> recipients) {
        String frame = notifications.encode(event);
        if (!WireText.encodable(frame)) {
            unencodable.increment();
            log.warn("Dropped {} in room={} for {} recipients: UTF-8 cannot encode it",
                    event.getClass().getSimpleName(), event.roomId().value(), recipients.size());
            return;
        }
        boolean droppable = event instanceof ChatMessage;
        if (droppable && recipients.size() >= properties.busyRoomMembers()) {
            chatFanout.deliver(event.roomId(), frame, recipients, ((ChatMessage) event).sentAt());
            return;
        }
        for (ParticipantId recipient : recipients) {
            RpcConnection connection = byParticipant.get(recipient);
            if (connection != null) {
                connection.sendEvent(frame, droppable);
            }
        }
        if (event instanceof ChatMessage chat) {
            fannedOut(chat.sentAt());
        }
    }

    private void fannedOut(Instant sentAt) {
        chatFanoutTime.record(Duration.between(sentAt, clock.instant()));
    }

    @Override
    public void disconnect(ParticipantId participant, LeaveReason reason) {
        RpcConnection connection = byParticipant.remove(participant);
        if (connection != null) {
            letGo(connection, CloseCodes.forRemoval(reason));
        }
    }

    @Override
    public void detach(ParticipantId participant) {
        RpcConnection connection = byParticipant.remove(participant);
        if (connection != null) {
            letGo(connection, CloseCodes.RESUMED_ELSEWHERE);
        }
    }

    /**
     * The client stopped reading: its connection goes (as a lost connection — it may resume), closed off the
     * delivering thread.
     */
    void giveUp(RpcConnection connection, String why) {
        stuck.increment();
        log.info("Giving up connection {} of participant {}: {}", connection.id(),
                connection.membership() == null ? "-" : connection.membership().participantId(), why);
        closer.execute(() -> connection.abort(CloseCodes.TOO_SLOW));
    }

    /** Closes a connection whose participant the domain has already dealt with: its closing changes nothing more. */
    private void letGo(RpcConnection connection, CloseStatus status) {
        connection.leave(clock.instant());
        connection.close(status);
    }

    /**
     * How long Tomcat's reply to a client's close frame waits for a frame of ours still being sent (its default is
     * 20 s). Tomcat waits by yielding in a loop on the request thread, while the send it waits for can only finish on
     * another request thread: when a thousand clients left at once, all 32 request threads spun like this for 20 s
     * each (bench, join storm then close). At 200 ms the spinning still took 64 % of the node's CPU during the next join
     * storm (perf): the frame waited for finishes behind the spinners, so each waits its whole limit. A client that sent
     * a close needs no reply to go. Our own closes wait for the outbox to drain first, so the limit never cuts them.
     */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final Long CLOSE_REPLY_WAIT_MILLIS = 5L;
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);
    /**
     * How long a ping may wait for the socket. Only sent when nothing of ours is in flight, it normally goes at once; but
     * a wait counts from before the write, so a busy node's thread scheduling alone took more than the close reply's
     * 5 ms (bench: members given up through the gateway during a fan-out). Tomcat closes the session when it expires.
     */
    private static final Long PING_SEND_WAIT_MILLIS = 1_000L;

    /**
     * Sends text through the container's asynchronous endpoint, so no caller ever blocks on a slow client. A ping has
     * no asynchronous form in the Jakarta API: it is sent on the {@code pinger}'s thread, only when nothing else of
     * ours is in flight (the {@link Outbox} sends one frame at a time), so the socket has room for its two bytes.
     */
    private static Outbox.Sender sender(WebSocketSession session, ExecutorService pinger) {
        Session container = session instanceof NativeWebSocketSession nativeSession
                ? nativeSession.getNativeSession(Session.class) : null;
        if (container == null) {
            return new Outbox.Sender() {
                @Override
                public void send(String text, Consumer<Throwable> done) {
                    blocking(() -> session.sendMessage(new TextMessage(text)), done);
                }

                @Override
                public void ping(Consumer<Throwable> done) {
                    offThread(pinger, () -> session.sendMessage(new PingMessage()), done);
                }
            };
        }
        container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_REPLY_WAIT_MILLIS);
        RemoteEndpoint.Async remote = container.getAsyncRemote();
        return new Outbox.Sender() {
            @Override
            public void send(String text, Consumer<Throwable> done) {
                try {
                    remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
                } catch (RuntimeException e) {
                    done.accept(e);
                }
            }

            @Override
            public void ping(Consumer<Throwable> done) {
                offThread(pinger, () -> {
                    // read by Tomcat at the call; what a close reply on another thread meanwhile waits is bounded too
                    container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, PING_SEND_WAIT_MILLIS);
                    try {
                        remote.sendPing(NO_PAYLOAD.duplicate());
                    } finally {
                        container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_REPLY_WAIT_MILLIS);
                    }
                }, done);
            }
        };
    }

    private interface BlockingSend {
        void run() throws IOException;
    }

    private static void offThread(ExecutorService executor, BlockingSend send, Consumer<Throwable> done) {
        try {
            executor.execute(() -> blocking(send, done));
        } catch (RejectedExecutionException stopped) {
            done.accept(stopped);
        }
    }

    private static void blocking(BlockingSend send, Consumer<Throwable> done) {
        try {
            send.run();
        } catch (IOException | RuntimeException e) {
            done.accept(e);
            return;
        }
        done.accept(null);
    }

    private void afterLinger(Runnable close) {
        try {
            closer.schedule(close, properties.closeLinger().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            close.run();
        }
    }

    /** Waits, up to {@code atMost}, until every connection is closed; whether they all are. */
    boolean awaitAllClosed(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!bySocket.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void destroy() {
        closer.shutdownNow();
        pinger.shutdownNow();
        chatFanout.close();
    }
}
