package dev.conclave.signaling.grpc;

import dev.conclave.proto.media.v1.ListReplicasRequest;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.Replica;
import dev.conclave.signaling.media.MediaEventSink;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This node's media event streams, one per media-service replica: a room's events come from the replica that owns
 * it, so the node listens to every one. Which replicas are alive, and where, is asked of any of them
 * ({@code ListReplicas}) every {@link #REFRESH}: a stream is opened to a new replica (on its own channel) and closed
 * for one gone. The first stream opens at start on the calls' channel, reached as the configured target says
 * (through whatever proxy or name it names), and stays while there is a lone replica; once there are several, each
 * gets its own stream and that first one closes (after they are open: an event may come twice then, never not at
 * all; a candidate added twice is harmless). Each stream resumes on its own after a break ({@link MediaEventStream}).
 * A replica's stream closes only when two listings in a row leave it out (one late heartbeat is not a death), and a
 * stream opened to an address again resumes where the closed one was, so what the replica kept meanwhile still
 * arrives.
 */
public class MediaEventStreams implements SmartLifecycle {

    static final Duration REFRESH = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(MediaEventStreams.class);

    private record Open(ManagedChannel channel, MediaEventStream stream) {
    }

    private static final String LONE = "(the configured target)";

    private final ManagedChannel target;
    private final MediaAllocationGrpc.MediaAllocationBlockingStub anyReplica;
    private final MediaEventSink delivery;
    private final String node;
    private final Duration retry;
    private final ScheduledExecutorService scheduler;
    /** By the replica's address (a replica started again at the same address resumes its stream there). */
    private final Map<String, Open> streams = new ConcurrentHashMap<>();
    /** Addresses the last listing left out: a stream closes only when two listings in a row leave it out. */
    private final Set<String> missingOnce = ConcurrentHashMap.newKeySet();
    /** Where each closed stream was: a stream opened to that address again resumes there, missing nothing kept. */
    private final Map<String, MediaEventStream.Position> closedAt = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> refreshing;
    private volatile boolean running;

    public MediaEventStreams(ManagedChannel anyReplica, MediaEventSink delivery, String node, Duration retry,
                             ScheduledExecutorService scheduler) {
        this.target = anyReplica;
        this.anyReplica = MediaAllocationGrpc.newBlockingStub(anyReplica);
        this.delivery = delivery;
        this.node = node;
        this.retry = retry;
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        running = true;
        // at once, not after the first listing: a publish made meanwhile would have its candidates on no stream
        streams.computeIfAbsent(LONE, key -> openOnTarget());
        refreshing = scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        ScheduledFuture<?> scheduled = refreshing;
        if (scheduled != null) {
            scheduled.cancel(false);
            refreshing = null;
        }
        streams.keySet().forEach(this::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Where this node has a stream open to. */
    public List<String> replicas() {
        return streams.keySet().stream().sorted().toList();
    }

    void refresh() {
        List<Replica> live;
        try {
            live = anyReplica.withDeadlineAfter(2, TimeUnit.SECONDS)
                    .listReplicas(ListReplicasRequest.getDefaultInstance()).getReplicasList();
        } catch (StatusRuntimeException e) {
            log.debug("could not list the media-service replicas ({}); keeping the streams open", e.getStatus());
            return;
        }
        if (!running || live.isEmpty()) {
            return;
        }
        List<String> addresses = live.stream().map(Replica::getAddress).distinct().toList();
        List<String> alive;
        boolean perReplica = streams.keySet().stream().anyMatch(key -> !key.equals(LONE));
        if (addresses.size() == 1 && !perReplica) {
            alive = List.of(LONE);
            streams.computeIfAbsent(LONE, key -> openOnTarget());
        } else {
            // Once per replica, a listing of one (a shrink, or another replica's heartbeat late) stays per replica:
            // the lone stream on the target would reach whichever replica the balancer picks.
            addresses.forEach(address -> streams.computeIfAbsent(address, this::open));
            alive = addresses;
        }
        alive.forEach(missingOnce::remove);
        for (String key : streams.keySet().stream().filter(key -> !alive.contains(key)).toList()) {
            if (key.equals(LONE) || !missingOnce.add(key)) {
                missingOnce.remove(key);
                close(key);
            }
        }
    }

    private Open openOnTarget() {
        MediaEventStream stream = new MediaEventStream(target, delivery, node, retry, scheduler);
        stream.start();
        return new Open(null, stream);
    }

    /** A stream to the replica at {@code address}; the streams no longer needed are closed after it is open. */
    private Open open(String address) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext()
                .keepAliveTime(30, TimeUnit.SECONDS).keepAliveWithoutCalls(true).build();
        MediaEventStream stream = new MediaEventStream(channel, delivery, node, retry, scheduler);
        MediaEventStream.Position before = closedAt.remove(address);
        if (before != null) {
            stream.resumeFrom(before);
        }
        stream.start();
        log.info("media event stream {} to the media-service replica at {}", before == null ? "opened" : "reopened",
                address);
        return new Open(channel, stream);
    }

    private void close(String key) {
        Open open = streams.remove(key);
        if (open != null) {
            open.stream().stop();
            if (!key.equals(LONE)) {
                closedAt.put(key, open.stream().position());
            }
            if (open.channel() != null) {
                open.channel().shutdownNow();
            }
            log.info("media event stream to {} closed (no replica alive there)", key);
        }
    }
}
