package dev.conclave.signaling.grpc;

import dev.conclave.proto.media.v1.EndpointKey;
import dev.conclave.proto.media.v1.EventsMissed;
import dev.conclave.proto.media.v1.IceCandidateFound;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.MediaEvent;
import dev.conclave.proto.media.v1.RenegotiationNeeded;
import dev.conclave.proto.media.v1.StreamEventsRequest;
import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.media.MediaEventSink;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This node's stream of media events from media-service, open for as long as the node runs and opened again
 * after {@code stream-retry} whenever it breaks (media-service restarting, a network blip). Each time, the channel
 * is told to connect at once: left to gRPC's own backoff (growing to two minutes), a channel that failed to connect
 * while media-service was away kept failing every call for seconds to minutes after it was back.
 *
 * <p>A reopened stream names the last event it got (log and sequence), so media-service first sends what was
 * missed meanwhile — the ICE candidates of a publish made during the gap among them — then the live events; an event
 * at or below the last sequence seen (sent again around the break) is skipped, so each is delivered once, in order.
 * When media-service no longer has them all it says so ({@code EventsMissed}) and moves the rooms concerned: their
 * participants get {@code renegotiate} on this stream.
 */
public class MediaEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MediaEventStream.class);

    private final ManagedChannel channel;
    private final MediaAllocationGrpc.MediaAllocationStub mediaService;
    private final MediaEventSink delivery;
    private final String node;
    private final Duration retry;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running;
    /** The last event delivered: where a reopened stream resumes. */
    private volatile String lastLog = "";
    private volatile long lastSequence;
    private volatile ClientCallStreamObserver<StreamEventsRequest> call;

    public MediaEventStream(ManagedChannel channel, MediaEventSink delivery, String node, Duration retry,
                            ScheduledExecutorService scheduler) {
        this.channel = channel;
        this.mediaService = MediaAllocationGrpc.newStub(channel);
        this.delivery = delivery;
        this.node = node;
        this.retry = retry;
        this.scheduler = scheduler;
    }

    /** Where a stream that replaces this one resumes: the last event this one delivered. */
    record Position(String logId, long sequence) {
    }

    Position position() {
        return new Position(lastLog, lastSequence);
    }

    /** Before {@link #start}: opens as resuming after {@code position}, as this stream would after a break. */
    void resumeFrom(Position position) {
        lastLog = position.logId();
        lastSequence = position.sequence();
    }

    @Override
    public void start() {
        running = true;
        open();
    }

    @Override
    public void stop() {
        running = false;
        ClientCallStreamObserver<StreamEventsRequest> call = this.call;
        if (call != null) {
            call.cancel("this node stops listening to this media-service", null);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void open() {
        if (!running) {
            return;
        }
        StreamEventsRequest request = StreamEventsRequest.newBuilder().setNodeId(node).setResumeLogId(lastLog)
                .setResumeAfterSequence(lastSequence).build();
        mediaService.streamEvents(request, new ClientResponseObserver<StreamEventsRequest, MediaEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<StreamEventsRequest> started) {
                call = started;
            }

            @Override
            public void onNext(MediaEvent event) {
                if (running) {
                    handle(event);
                }
            }

            @Override
            public void onError(Throwable failure) {
                if (running) {
                    log.warn("media event stream broke ({}); opening it again in {} ms", failure.getMessage(),
                            retry.toMillis());
                    scheduler.schedule(MediaEventStream.this::reopen, retry.toMillis(), TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onCompleted() {
                onError(new IllegalStateException("media-service ended the stream"));
            }
        });
    }

    /** Connects now, not when gRPC's backoff would, and opens the stream again; the calls share the connection. */
    private void reopen() {
        channel.resetConnectBackoff();
        open();
    }

    private void handle(MediaEvent event) {
        if (!event.getLogId().isEmpty()) {
            if (event.getLogId().equals(lastLog) && event.getSequence() <= lastSequence) {
                return; // had it before the stream broke
            }
            lastLog = event.getLogId();
            lastSequence = event.getSequence();
        }
        try {
            if (event.hasIceCandidateFound()) {
                IceCandidateFound found = event.getIceCandidateFound();
                EndpointKey key = found.getEndpoint();
                delivery.iceCandidate(new RoomId(key.getRoomId()), new ParticipantId(key.getParticipantId()),
                        key.getPublisherId().isEmpty() ? null : new ParticipantId(key.getPublisherId()),
                        new IceCandidate(found.getCandidate().getCandidate(), found.getCandidate().getSdpMid(),
                                found.getCandidate().getSdpMLineIndex()));
            } else if (event.hasRenegotiationNeeded()) {
                RenegotiationNeeded needed = event.getRenegotiationNeeded();
                delivery.renegotiate(new RoomId(needed.getRoomId()), needed.getWorkerId(), needed.getReason());
            } else if (event.hasEventsMissed()) {
                EventsMissed missed = event.getEventsMissed();
                log.warn("media events {} to {} were missed while the stream was down; media-service moves {} so their"
                        + " participants renegotiate", missed.getAfterSequence() + 1, missed.getUpToSequence(),
                        missed.getEveryRoom() ? "every room" : missed.getRoomIdsList());
            } else if (event.hasWorkerLost()) {
                log.warn("media worker {} lost; {} rooms move", event.getWorkerLost().getWorkerId(),
                        event.getWorkerLost().getRoomIdsCount());
            }
        } catch (RuntimeException e) {
            log.warn("could not deliver a media event: {}", e.getMessage(), e);
        }
    }
}
