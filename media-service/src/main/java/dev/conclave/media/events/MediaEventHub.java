package dev.conclave.media.events;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.worker.MediaWorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands every media event to every open event stream (one per signaling node; each node keeps what concerns its
 * own participants). Events from the workers arrive here as their {@link MediaWorkerListener}.
 */
@Component
public class MediaEventHub implements MediaWorkerListener {

    private static final Logger log = LoggerFactory.getLogger(MediaEventHub.class);

    private final Set<Consumer<MediaEvent>> subscribers = new CopyOnWriteArraySet<>();

    public MediaEventHub(MeterRegistry meters) {
        meters.gauge("conclave.media.event.streams", subscribers, Set::size);
    }

    /** Starts handing events to {@code subscriber}; the returned handle stops it. */
    public Runnable subscribe(Consumer<MediaEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(MediaEvent event) {
        for (Consumer<MediaEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                log.warn("an event stream refused {}; dropping the stream", event.getClass().getSimpleName(), e);
                subscribers.remove(subscriber);
            }
        }
    }

    @Override
    public void iceCandidateFound(EndpointKey endpoint, IceCandidate candidate) {
        publish(new MediaEvent.IceCandidateFound(endpoint, candidate));
    }

    @Override
    public void endpointStateChanged(EndpointKey endpoint, String state) {
        publish(new MediaEvent.EndpointStateChanged(endpoint, state));
    }
}
