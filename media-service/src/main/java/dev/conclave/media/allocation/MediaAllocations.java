package dev.conclave.media.allocation;

import dev.conclave.media.allocation.AllocationStore.StoredEndpoint;
import dev.conclave.media.allocation.AllocationStore.StoredRoom;
import dev.conclave.media.allocation.MediaRequestException.Reason;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.EndpointNodes;
import dev.conclave.media.ice.EndpointIce;
import dev.conclave.media.placement.MediaWorkerSelector;
import dev.conclave.media.placement.NoMediaWorkerAvailableException;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.MediaWorkers;
import dev.conclave.media.worker.WorkerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU rooms this service holds: one pipeline per room on one worker, one WebRTC endpoint per publisher and one
 * per subscription. Changes to one room happen one at a time; every change is saved before it is answered.
 */
public class MediaAllocations {

    private static final Logger log = LoggerFactory.getLogger(MediaAllocations.class);

    private final Map<RoomId, RoomMedia> rooms = new ConcurrentHashMap<>();
    private final RoomLocks locks = new RoomLocks();
    private final MediaWorkers workers;
    private final MediaWorkerSelector selector;
    private final AllocationStore store;
    private final EndpointIce ice;
    private final EndpointNodes nodes;

    public MediaAllocations(MediaWorkers workers, MediaWorkerSelector selector, AllocationStore store,
                            EndpointIce ice) {
        this(workers, selector, store, ice, new EndpointNodes());
    }

    /** @param nodes where each endpoint's media events go: kept up to date with the endpoints here */
    public MediaAllocations(MediaWorkers workers, MediaWorkerSelector selector, AllocationStore store,
                            EndpointIce ice, EndpointNodes nodes) {
        this.workers = workers;
        this.selector = selector;
        this.store = store;
        this.ice = ice;
        this.nodes = nodes;
    }

    /** Where a room lives. */
    public record Placement(RoomId room, WorkerId worker, boolean created) {
    }

    /** Places the room unless it has a pipeline already. */
    public Placement allocate(RoomId room) {
        return locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            if (media != null) {
                return new Placement(room, media.worker(), false);
            }
            return new Placement(room, place(room, Set.of()).worker(), true);
        });
    }

    /**
     * The participant publishes: the answer to its offer from a new endpoint in the room's pipeline. The room's lock
     * is held only to check and to keep the result, not while the media server works, so a room's negotiations run
     * side by side.
     */
    public Answer publish(RoomId room, ParticipantId participant, String sdpOffer) {
        return publish(room, participant, sdpOffer, "");
    }

    /** As {@link #publish(RoomId, ParticipantId, String)}, for signaling node {@code node}: its events go there. */
    public Answer publish(RoomId room, ParticipantId participant, String sdpOffer, String node) {
        EndpointKey key = EndpointKey.publisher(room, participant);
        long started = System.nanoTime();
        Reservation reserved = locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            if (media == null) {
                media = place(room, Set.of());
            }
            if (media.endpoint(key).isPresent() || !media.reserve(key)) {
                throw new MediaRequestException(Reason.ALREADY_PUBLISHING,
                        "participant " + participant + " is publishing already; unpublish first");
            }
            nodes.assign(key, node);
            return new Reservation(media, media.worker(), media.pipelineId(), null);
        });
        String answer = negotiate(reserved, key, sdpOffer);
        log.info("room {}: participant {} publishes on worker {} ({} ms)", room, participant, reserved.worker(),
                millisSince(started));
        return new Answer(answer, reserved.worker());
    }

    /** The participant receives {@code publisher}: a new endpoint fed by the publisher's, replacing any before. */
    public Answer subscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher, String sdpOffer) {
        return subscribe(room, subscriber, publisher, sdpOffer, "");
    }

    /** As {@link #subscribe(RoomId, ParticipantId, ParticipantId, String)}, for signaling node {@code node}. */
    public Answer subscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher, String sdpOffer,
                            String node) {
        if (subscriber.equals(publisher)) {
            throw new MediaRequestException(Reason.SUBSCRIBE_TO_SELF, "a participant cannot subscribe to itself");
        }
        EndpointKey key = EndpointKey.subscription(room, subscriber, publisher);
        long started = System.nanoTime();
        Reservation reserved = locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            String source = Optional.ofNullable(media)
                    .flatMap(found -> found.endpoint(EndpointKey.publisher(room, publisher)))
                    .orElseThrow(() -> notPublishing(room, publisher));
            releaseEndpoint(media, key);
            if (!media.reserve(key)) {
                throw new MediaRequestException(Reason.ALREADY_PUBLISHING,
                        "a subscription to " + publisher + " is being made already");
            }
            nodes.assign(key, node);
            return new Reservation(media, media.worker(), media.pipelineId(), source);
        });
        String answer = negotiate(reserved, key, sdpOffer);
        log.info("room {}: participant {} subscribes to {} ({} ms)", room, subscriber, publisher,
                millisSince(started));
        return new Answer(answer, reserved.worker());
    }

    /** An endpoint being made for {@code key}, on the room's pipeline as it was when reserved. */
    private record Reservation(RoomMedia media, WorkerId worker, String pipelineId, String source) {
    }

    /**
     * Makes the reserved endpoint (fed by the source, for a subscription) and answers the offer, without the room's
     * lock; then keeps it, unless the room moved meanwhile (the endpoint is released and the caller told to retry).
     */
    private String negotiate(Reservation reserved, EndpointKey key, String sdpOffer) {
        RoomMedia media = reserved.media();
        String endpoint = null;
        try {
            MediaWorkerClient client = workers.client(reserved.worker());
            endpoint = client.createEndpoint(reserved.pipelineId(), key, ice.next());
            if (reserved.source() != null) {
                connectSource(client, reserved.source(), endpoint, key);
            }
            String answer = answer(client, endpoint, sdpOffer);
            String made = endpoint;
            boolean kept = locks.withLock(key.room(), () -> {
                media.unreserve(key);
                if (rooms.get(key.room()) != media || !media.pipelineId().equals(reserved.pipelineId())) {
                    return false;
                }
                keep(media, key, made);
                return true;
            });
            if (!kept) {
                bestEffortRelease(reserved.worker(), made);
                throw new MediaWorkerFailedException(reserved.worker(), "the room moved to another worker while "
                        + key + " was negotiated; renegotiate", null);
            }
            return answer;
        } catch (RuntimeException e) {
            locks.withLock(key.room(), () -> {
                media.unreserve(key);
                if (media.endpoint(key).isEmpty()) {
                    nodes.forget(key);
                }
                return null;
            });
            if (endpoint != null && !(e instanceof MediaWorkerFailedException)) {
                bestEffortRelease(reserved.worker(), endpoint);
            }
            throw e;
        }
    }

    private void connectSource(MediaWorkerClient client, String source, String endpoint, EndpointKey key) {
        try {
            client.connect(source, endpoint);
        } catch (MediaWorkerRejectedException e) {
            throw notPublishing(key.room(), key.publisher());
        }
    }

    private static MediaRequestException notPublishing(RoomId room, ParticipantId publisher) {
        return new MediaRequestException(Reason.NOT_PUBLISHING,
                "participant " + publisher + " is not publishing in room " + room);
    }

    /** The SDP answer from a media server, with the worker that holds the endpoint. */
    public record Answer(String sdpAnswer, WorkerId worker) {
    }

    public void addIceCandidate(EndpointKey key, IceCandidate candidate) {
        RoomMedia media = rooms.get(key.room());
        String endpoint = media == null ? null : locks.withLock(key.room(), () -> media.endpoint(key).orElse(null));
        if (endpoint == null) {
            throw new MediaRequestException(Reason.UNKNOWN_ENDPOINT, "no endpoint " + key);
        }
        try {
            workers.client(media.worker()).addIceCandidate(endpoint, candidate);
        } catch (MediaWorkerRejectedException e) {
            throw new MediaRequestException(Reason.INVALID_CANDIDATE, "the media server refused the ICE candidate: "
                    + e.getMessage(), e);
        }
    }

    /** The participant stops publishing; subscriptions to it go too. Returns the endpoints released. */
    public int unpublish(RoomId room, ParticipantId participant) {
        return locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            if (media == null) {
                return 0;
            }
            List<EndpointKey> gone = new ArrayList<>(media.subscriptionsTo(participant));
            gone.add(EndpointKey.publisher(room, participant));
            return releaseAll(media, gone);
        });
    }

    public int unsubscribe(RoomId room, ParticipantId subscriber, ParticipantId publisher) {
        return locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            return media == null ? 0 : releaseAll(media,
                    List.of(EndpointKey.subscription(room, subscriber, publisher)));
        });
    }

    /** Everything the participant holds or feeds. */
    public int releaseParticipant(RoomId room, ParticipantId participant) {
        return locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            return media == null ? 0 : releaseAll(media, media.involving(participant));
        });
    }

    /** The room's pipeline and everything in it. Returns 1 if the room had a pipeline. */
    public int releaseRoom(RoomId room) {
        return locks.withLock(room, () -> {
            RoomMedia media = rooms.remove(room);
            if (media == null) {
                return 0;
            }
            store.deleteRoom(room);
            nodes.forgetRoom(room);
            workers.loadChanged(media.worker(), -1, -media.clearEndpoints());
            bestEffortRelease(media.worker(), media.pipelineId());
            log.info("room {}: pipeline released from worker {}", room, media.worker());
            return 1;
        });
    }

    /**
     * Drops the room from this replica's memory without touching its worker: another replica owns it now and goes
     * on with its pipeline and endpoints.
     */
    public void forget(RoomId room) {
        locks.withLock(room, () -> {
            RoomMedia media = rooms.remove(room);
            nodes.forgetRoom(room);
            if (media != null) {
                workers.loadChanged(media.worker(), -1, -media.clearEndpoints());
                log.info("room {}: owned by another replica now; forgotten here", room);
            }
            return null;
        });
    }

    /** Whether this replica holds the room's media now. */
    public boolean holds(RoomId room) {
        return rooms.containsKey(room);
    }

    /** The room's publishers and its worker (none when the room has no pipeline). */
    public record Publishers(List<ParticipantId> participants, Optional<WorkerId> worker) {
    }

    public Publishers publishers(RoomId room) {
        RoomMedia media = rooms.get(room);
        if (media == null) {
            return new Publishers(List.of(), Optional.empty());
        }
        return locks.withLock(room, () -> new Publishers(media.publishers(), Optional.of(media.worker())));
    }

    public Collection<RoomId> roomsOn(WorkerId worker) {
        return rooms.values().stream().filter(media -> media.worker().equals(worker)).map(RoomMedia::room).toList();
    }

    public Optional<WorkerId> workerOf(RoomId room) {
        return Optional.ofNullable(rooms.get(room)).map(RoomMedia::worker);
    }

    public int roomCount() {
        return rooms.size();
    }

    public int endpointCount() {
        return rooms.values().stream().mapToInt(RoomMedia::endpointCount).sum();
    }

    /**
     * Moves a room off worker {@code from}: its endpoints are forgotten (their pipeline is gone or going), a new
     * pipeline is made elsewhere, and the old one is released if its worker still answers. Returns the new worker,
     * or empty when none is available (the room is then forgotten and placed again on its next publish); null when
     * the room is not (or no longer) on {@code from}, and nothing was done.
     */
    Optional<WorkerId> relocate(RoomId room, WorkerId from, boolean releaseOld) {
        return locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            if (media == null || !media.worker().equals(from)) {
                return null;
            }
            String oldPipeline = media.pipelineId();
            int endpoints = media.clearEndpoints();
            nodes.forgetRoom(room);
            store.deleteEndpoints(room);
            workers.loadChanged(from, -1, -endpoints);
            if (releaseOld) {
                bestEffortRelease(from, oldPipeline);
            }
            rooms.remove(room);
            try {
                RoomMedia moved = place(room, Set.of(from));
                log.info("room {}: moved from worker {} to {} ({} endpoints dropped)", room, from, moved.worker(),
                        endpoints);
                return Optional.of(moved.worker());
            } catch (NoMediaWorkerAvailableException e) {
                store.deleteRoom(room);
                log.error("room {}: no worker can take it after leaving {}; it is placed again on its next publish",
                        room, from);
                return Optional.empty();
            }
        });
    }

    /**
     * Takes back a room saved before a restart, with its endpoints, without calling its worker: calls for the room
     * go to its worker again, whose endpoints are listened to once {@link #watchAgain} is called (when the worker has
     * told that it still has the pipeline). A room given no endpoints may name a worker that is gone: it is held only
     * until it is moved.
     */
    void restore(StoredRoom saved, List<StoredEndpoint> endpoints) {
        locks.withLock(saved.room(), () -> {
            RoomMedia media = new RoomMedia(saved.room(), saved.worker(), saved.pipelineId());
            endpoints.forEach(endpoint -> {
                media.put(endpoint.key(), endpoint.endpointId());
                nodes.assign(endpoint.key(), endpoint.node());
            });
            rooms.put(saved.room(), media);
            workers.loadChanged(saved.worker(), 1, endpoints.size());
            return null;
        });
    }

    /**
     * Listens again to the endpoints of a restored room; an endpoint its worker no longer has is forgotten. Fails
     * with {@link MediaWorkerFailedException} if the worker does not answer (call again later).
     */
    void watchAgain(RoomId room) {
        locks.withLock(room, () -> {
            RoomMedia media = rooms.get(room);
            if (media == null) {
                return null;
            }
            MediaWorkerClient client = workers.client(media.worker());
            for (Map.Entry<EndpointKey, String> endpoint : media.endpoints().entrySet()) {
                try {
                    client.watchEndpoint(endpoint.getValue(), endpoint.getKey());
                } catch (MediaWorkerRejectedException gone) {
                    log.warn("room {}: endpoint {} is gone from worker {}; forgetting it", room, endpoint.getKey(),
                            media.worker());
                    media.remove(endpoint.getKey());
                    nodes.forget(endpoint.getKey());
                    store.deleteEndpoint(room, endpoint.getValue());
                    workers.loadChanged(media.worker(), 0, -1);
                }
            }
            return null;
        });
    }

    /**
     * A new pipeline for the room on the least loaded worker (counted over every replica), trying the next one if a
     * worker fails. The room is saved on its worker before the pipeline is made, so placements on other replicas
     * count it.
     */
    private RoomMedia place(RoomId room, Set<WorkerId> excluded) {
        Set<WorkerId> tried = new HashSet<>(excluded);
        while (true) {
            List<MediaWorker> candidates = workers.all().stream().filter(w -> !tried.contains(w.id())).toList();
            Optional<WorkerId> chosen = store.reserveRoom(room,
                    loads -> selector.select(candidates, loads).map(MediaWorker::id));
            if (chosen.isEmpty()) {
                store.deleteRoom(room);
                throw new NoMediaWorkerAvailableException("no media worker is up and taking rooms ("
                        + workers.all().size() + " known)");
            }
            WorkerId worker = chosen.get();
            String pipeline;
            try {
                pipeline = workers.client(worker).createPipeline(room.value());
            } catch (MediaWorkerFailedException e) {
                log.warn("room {}: worker {} could not make its pipeline, trying another: {}", room, worker,
                        e.getMessage());
                tried.add(worker);
                continue;
            }
            try {
                store.saveRoom(new StoredRoom(room, worker, pipeline));
            } catch (RuntimeException e) {
                bestEffortRelease(worker, pipeline);
                throw e;
            }
            RoomMedia media = new RoomMedia(room, worker, pipeline);
            rooms.put(room, media);
            workers.loadChanged(worker, 1, 0);
            log.info("room {}: pipeline on worker {}", room, worker);
            return media;
        }
    }

    private static String answer(MediaWorkerClient client, String endpoint, String sdpOffer) {
        try {
            return client.processOffer(endpoint, sdpOffer);
        } catch (MediaWorkerRejectedException e) {
            throw new MediaRequestException(Reason.INVALID_SDP, "the media server refused the SDP offer: "
                    + e.getMessage(), e);
        }
    }

    private void keep(RoomMedia media, EndpointKey key, String endpoint) {
        media.put(key, endpoint);
        store.saveEndpoint(new StoredEndpoint(endpoint, key, nodes.nodeOf(key)));
        workers.loadChanged(media.worker(), 0, 1);
    }

    private int releaseAll(RoomMedia media, List<EndpointKey> keys) {
        int released = 0;
        for (EndpointKey key : keys) {
            released += releaseEndpoint(media, key) ? 1 : 0;
        }
        return released;
    }

    private boolean releaseEndpoint(RoomMedia media, EndpointKey key) {
        String endpoint = media.remove(key);
        if (endpoint == null) {
            return false;
        }
        nodes.forget(key);
        store.deleteEndpoint(key.room(), endpoint);
        workers.loadChanged(media.worker(), 0, -1);
        bestEffortRelease(media.worker(), endpoint);
        return true;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Releases an object on a worker; one that failed keeps nothing of ours alive that matters, so it is logged. */
    private void bestEffortRelease(WorkerId worker, String objectId) {
        try {
            workers.client(worker).release(objectId);
        } catch (RuntimeException e) {
            log.warn("worker {}: could not release {}: {}", worker, objectId, e.getMessage());
        }
    }
}
