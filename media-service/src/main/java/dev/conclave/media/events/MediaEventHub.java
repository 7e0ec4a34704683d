package dev.conclave.media.events;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.worker.MediaWorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Hands media events to the open event streams (one per signaling node): an endpoint's ICE candidates to the node
 * that asked for the endpoint ({@link #nodes()}), the rest to every node. Events from the workers arrive here as
 * their {@link MediaWorkerListener}.
 *
 * <p>Every event gets the next sequence number of this process's log ({@link #logId()}) and is kept for a while
 * ({@code conclave.media.events.replay-events}, {@code replay-window}), so a stream that broke and reopens
 * ({@link #resume}) gets what its node missed meanwhile, in order, before the live events. A gap older than what
 * is kept is told to that stream as one {@link MediaEvent.EventsMissed} naming the rooms the lost events concerned.
 * Appending an event and handing it on happen under one lock, so a resumed stream sees each event once, in order;
 * handing on only queues it on the streams.
 */
@Component
public class MediaEventHub implements MediaWorkerListener {

    private static final Logger log = LoggerFactory.getLogger(MediaEventHub.class);

    /** An event with its place in the log. */
    public record Logged(String logId, long sequence, MediaEvent event) {
    }

    private record Kept(long sequence, long atMillis, Logged logged) {
    }

    private final Set<Consumer<Logged>> subscribers = new CopyOnWriteArraySet<>();
    private final EndpointNodes nodes = new EndpointNodes();
    private final String logId = UUID.randomUUID().toString();
    private final MediaEventProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Object lock = new Object();
    private final Deque<Kept> kept = new ArrayDeque<>();
    /** The rooms of events no longer kept: room → the last such event's sequence, oldest first. */
    private final LinkedHashMap<RoomId, Long> droppedRooms = new LinkedHashMap<>();
    /** Rooms forgotten from {@link #droppedRooms} (too many): a gap reaching back to this sequence is every room's. */
    private long forgottenThrough;
    private long sequence;

    public MediaEventHub(MeterRegistry meters) {
        this(meters, MediaEventProperties.DEFAULTS, Clock.systemUTC());
    }

    @Autowired
    public MediaEventHub(MeterRegistry meters, MediaEventProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("conclave.media.event.streams", subscribers, Set::size);
    }

    /** Which signaling node each endpoint's candidates go to. */
    public EndpointNodes nodes() {
        return nodes;
    }

    /** This process's log: a restarted media-service starts another. */
    public String logId() {
        return logId;
    }

    /** Starts handing events to {@code subscriber}, from now on; the returned handle stops it. */
    public Runnable subscribe(Consumer<MediaEvent> subscriber) {
        return resume("", 0, logged -> subscriber.accept(logged.event()));
    }

    /**
     * Starts handing events to {@code subscriber}: first those after {@code afterSequence} of log {@code fromLog}
     * still kept (preceded by {@link MediaEvent.EventsMissed} if some are not), then every new one. An empty
     * {@code fromLog} is a new stream: from now on. Another log than this process's (media-service restarted) counts
     * as having seen nothing of this one. The returned handle stops it.
     */
    public Runnable resume(String fromLog, long afterSequence, Consumer<Logged> subscriber) {
        synchronized (lock) {
            if (!fromLog.isEmpty()) {
                long after = fromLog.equals(logId) ? Math.min(afterSequence, sequence) : 0;
                trim();
                long firstKept = kept.isEmpty() ? sequence + 1 : kept.peekFirst().sequence();
                if (after + 1 < firstKept) {
                    subscriber.accept(new Logged(logId, firstKept - 1, missed(after, firstKept - 1)));
                }
                for (Kept event : kept) {
                    if (event.sequence() > after) {
                        subscriber.accept(event.logged());
                    }
                }
            }
            subscribers.add(subscriber);
        }
        return () -> subscribers.remove(subscriber);
    }

    public void publish(MediaEvent event) {
        synchronized (lock) {
            Logged logged = new Logged(logId, ++sequence, event);
            kept.addLast(new Kept(sequence, clock.millis(), logged));
            trim();
            for (Consumer<Logged> subscriber : subscribers) {
                try {
                    subscriber.accept(logged);
                } catch (RuntimeException e) {
                    log.warn("an event stream refused {}; dropping the stream", event.getClass().getSimpleName(), e);
                    subscribers.remove(subscriber);
                }
            }
        }
    }

    @Override
    public void iceCandidateFound(EndpointKey endpoint, IceCandidate candidate) {
        publish(new MediaEvent.IceCandidateFound(endpoint, candidate, nodes.nodeOf(endpoint)));
    }

    /**
     * Not an event for the signaling nodes: a browser sees its own connection fail before this could reach it. Logged
     * (a failure with its room and participant) and counted by state.
     */
    @Override
    public void endpointStateChanged(EndpointKey endpoint, String state) {
        meters.counter("conclave.media.endpoint.states", "state", state).increment();
        if (state.endsWith("FAILED")) {
            log.warn("room {}: endpoint {} of participant {} is {}", endpoint.room(), endpoint, endpoint.participant(),
                    state);
        } else {
            log.debug("room {}: endpoint {} is {}", endpoint.room(), endpoint, state);
        }
    }

    private MediaEvent.EventsMissed missed(long after, long upTo) {
        List<RoomId> rooms = new ArrayList<>();
        droppedRooms.forEach((room, last) -> {
            if (last > after) {
                rooms.add(room);
            }
        });
        boolean everyRoom = after < forgottenThrough;
        log.warn("a resumed event stream missed events {} to {}, no longer kept; {}", after + 1, upTo,
                everyRoom ? "every room" : rooms.size() + " rooms");
        return new MediaEvent.EventsMissed(after, upTo, rooms, everyRoom);
    }

    /** Drops events past the count or age kept, remembering their rooms. */
    private void trim() {
        long oldest = clock.millis() - properties.replayWindow().toMillis();
        while (!kept.isEmpty() && (kept.size() > properties.replayEvents() || kept.peekFirst().atMillis() < oldest)) {
            Kept dropped = kept.removeFirst();
            for (RoomId room : roomsOf(dropped.logged().event())) {
                droppedRooms.remove(room);
                droppedRooms.put(room, dropped.sequence());
            }
            while (droppedRooms.size() > properties.replayEvents()) {
                Map.Entry<RoomId, Long> eldest = droppedRooms.entrySet().iterator().next();
                forgottenThrough = Math.max(forgottenThrough, eldest.getValue());
                droppedRooms.remove(eldest.getKey());
            }
        }
    }

    private static List<RoomId> roomsOf(MediaEvent event) {
        if (event instanceof MediaEvent.IceCandidateFound found) {
            return List.of(found.endpoint().room());
        } else if (event instanceof MediaEvent.RenegotiationNeeded needed) {
            return List.of(needed.room());
        } else if (event instanceof MediaEvent.WorkerLost lost) {
            return lost.rooms();
        } else if (event instanceof MediaEvent.EventsMissed missed) {
            return missed.rooms();
        }
        throw new IllegalArgumentException("an event of no known room: " + event);
    }
}
