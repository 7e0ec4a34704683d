package dev.conclave.media.grpc;

import dev.conclave.proto.media.v1.MediaEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling node's event stream, with flow control: an event is written while the node keeps up (gRPC's
 * transport is ready), else queued, up to {@link #MAX_QUEUED}; a node that falls that far behind has its stream
 * ended with RESOURCE_EXHAUSTED and resumes it from the last event it got, as after any break (the replay log has
 * the rest, or says what is missing). So a slow node costs media-service a bounded amount of memory, never the
 * others' events. Sending never blocks: it runs under the hub's lock.
 */
final class NodeEventStream {

    static final int MAX_QUEUED = 4096;

    private static final Logger log = LoggerFactory.getLogger(NodeEventStream.class);

    private final ServerCallStreamObserver<MediaEvent> stream;
    private final String node;
    private final Deque<MediaEvent> queued = new ArrayDeque<>();
    private boolean ended;
    private Runnable onEnd = () -> { };

    NodeEventStream(ServerCallStreamObserver<MediaEvent> stream, String node) {
        this.stream = stream;
        this.node = node;
        stream.setOnReadyHandler(this::drain);
        stream.setOnCancelHandler(() -> {
            end();
            log.info("signaling node {} closed its media event stream", node);
        });
    }

    /** What to do once the stream ended (stop handing it events). */
    synchronized void onEnd(Runnable action) {
        this.onEnd = action;
        if (ended) {
            action.run();
        }
    }

    synchronized void send(MediaEvent event) {
        if (ended || stream.isCancelled()) {
            return;
        }
        if (queued.isEmpty() && stream.isReady()) {
            stream.onNext(event);
        } else if (queued.size() < MAX_QUEUED) {
            queued.addLast(event);
        } else {
            log.warn("signaling node {} reads its media events too slowly ({} waiting); ending its stream, which it"
                    + " resumes from its last event", node, queued.size());
            end();
            stream.onError(Status.RESOURCE_EXHAUSTED.withDescription("the node reads media events too slowly; resume"
                    + " the stream from the last event received").asRuntimeException());
        }
    }

    private synchronized void drain() {
        while (!ended && !stream.isCancelled() && !queued.isEmpty() && stream.isReady()) {
            stream.onNext(queued.pollFirst());
        }
    }

    private synchronized void end() {
        if (!ended) {
            ended = true;
            queued.clear();
            onEnd.run();
        }
    }
}
