package dev.conclave.media.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.proto.media.v1.MediaEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a node's media event stream under flow control")
class NodeEventStreamTest {

    @Test
    @DisplayName("writes while the node keeps up, queues while it does not, and sends the queue in order once ready")
    void queuesWhileNotReady() {
        Transport transport = new Transport();
        NodeEventStream stream = new NodeEventStream(transport, "node-1");
        stream.send(event(1));
        transport.ready = false;
        stream.send(event(2));
        stream.send(event(3));
        assertThat(transport.sent).extracting(MediaEvent::getSequence).containsExactly(1L);
        transport.becomeReady();
        stream.send(event(4));
        assertThat(transport.sent).extracting(MediaEvent::getSequence).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    @DisplayName("a node too far behind has its stream ended with RESOURCE_EXHAUSTED, once, and is no longer fed")
    void endsASlowReader() {
        Transport transport = new Transport();
        NodeEventStream stream = new NodeEventStream(transport, "node-1");
        AtomicInteger ended = new AtomicInteger();
        stream.onEnd(ended::incrementAndGet);
        transport.ready = false;
        for (int i = 1; i <= NodeEventStream.MAX_QUEUED + 10; i++) {
            stream.send(event(i));
        }
        assertThat(transport.failure).isNotNull();
        assertThat(transport.failure.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ended).hasValue(1);
        transport.becomeReady();
        assertThat(transport.sent).as("nothing of the dropped queue").isEmpty();
    }

    @Test
    @DisplayName("a stream the node cancelled stops being fed")
    void cancelled() {
        Transport transport = new Transport();
        NodeEventStream stream = new NodeEventStream(transport, "node-1");
        AtomicInteger ended = new AtomicInteger();
        stream.onEnd(ended::incrementAndGet);
        transport.cancel();
        stream.send(event(1));
        assertThat(transport.sent).isEmpty();
        assertThat(ended).hasValue(1);
    }

    private static MediaEvent event(long sequence) {
        return MediaEvent.newBuilder().setLogId("log").setSequence(sequence).build();
    }

    /** gRPC's side of a server stream, as far as the stream uses it. */
    private static final class Transport extends ServerCallStreamObserver<MediaEvent> {

        final List<MediaEvent> sent = new ArrayList<>();
        boolean ready = true;
        boolean cancelled;
        Status failure;
        private Runnable onReady = () -> { };
        private Runnable onCancel = () -> { };

        void becomeReady() {
            ready = true;
            onReady.run();
        }

        void cancel() {
            cancelled = true;
            onCancel.run();
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }

        @Override
        public void onNext(MediaEvent value) {
            sent.add(value);
        }

        @Override
        public void onError(Throwable error) {
            failure = Status.fromThrowable(error);
        }

        @Override
        public void onCompleted() {
        }
    }
}
