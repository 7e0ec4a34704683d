package dev.conclave.media.kurento;

import static dev.conclave.media.kurento.KmsScenario.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real adapter against {@link KmsResponder}: recorded answers any number of times, nothing unrecorded. */
@DisplayName("the KMS responder, asked by the real Kurento adapter,")
class KmsResponderTest {

    private final EventLog events = new EventLog();
    private KmsResponder kms;

    @BeforeEach
    void start() {
        kms = KmsResponder.answeringFromEveryRecording();
    }

    @AfterEach
    void stop() throws InterruptedException {
        kms.close();
    }

    private MediaWorkerClient adapter() {
        return new KurentoMediaWorkerConnector(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .connect(new WorkerId("kms-responder"), kms.url(), events);
    }

    @Test
    @DisplayName("answers the probe again and again, on every connection, with the recorded status")
    void probesAgain() {
        MediaWorkerClient first = adapter();
        MediaWorkerClient second = adapter();
        try {
            for (int i = 0; i < 3; i++) {
                WorkerStatus status = (i % 2 == 0 ? first : second).probe();
                assertThat(status.version()).isEqualTo("7.2.0");
                assertThat(status.pipelines()).isZero();
            }
        } finally {
            first.close();
            second.close();
        }
        assertThat(kms.refusals()).isEmpty();
        assertThat(kms.connections()).isEqualTo(2);
    }

    @Test
    @DisplayName("makes a fresh pipeline each time, released as recorded, and answers a publisher's offer with KMS's"
            + " answer and candidates")
    void pipelinesAndPublish() throws InterruptedException {
        MediaWorkerClient adapter = adapter();
        try {
            String one = adapter.createPipeline("rec-release");
            String two = adapter.createPipeline("rec-release");
            assertThat(one).isNotEqualTo(two).endsWith("_kurento.MediaPipeline");
            adapter.release(one);
            adapter.release(two);

            String pipeline = adapter.createPipeline("rec-released-pipeline");
            assertThat(adapter.pipelineExists(pipeline)).isTrue();
            adapter.release(pipeline);
            assertThat(adapter.pipelineExists(pipeline)).isFalse();

            EndpointKey alice = EndpointKey.publisher(new RoomId("rec-subscribe"), ALICE);
            String room = adapter.createPipeline("rec-subscribe");
            String endpoint = adapter.createEndpoint(room, alice, EndpointIceSettings.NONE);
            String answer = adapter.processOffer(endpoint, KurentoReplayTest.recording(KmsScenario.SUBSCRIBE)
                    .inputs().get("publisher").offer());
            assertThat(answer).startsWith("v=0").contains("a=ice-ufrag:");
            assertThat(events.awaitCandidates(alice, Duration.ofMillis(200))).isNotEmpty();
        } finally {
            adapter.close();
        }
        assertThat(kms.refusals()).isEmpty();
    }

    @Test
    @DisplayName("gone from under the adapter (its connection closed), fails the call as a worker failure, not as"
            + " KMS refusing the request")
    void connectionClosed() throws InterruptedException {
        MediaWorkerClient adapter = adapter();
        try {
            adapter.probe();
            kms.close();
            assertThatThrownBy(() -> adapter.createPipeline("rec-release"))
                    .isInstanceOf(MediaWorkerFailedException.class);
        } finally {
            adapter.close();
        }
    }

    @Test
    @DisplayName("refuses, with a JSON-RPC error, what no recording has")
    void refusesTheUnrecorded() {
        MediaWorkerClient adapter = adapter();
        try {
            assertThatThrownBy(() -> adapter.createPipeline("never-recorded"))
                    .isInstanceOf(MediaWorkerRejectedException.class)
                    .hasMessageContaining("code " + KmsResponder.NOT_RECORDED);
        } finally {
            adapter.close();
        }
        assertThat(kms.refusals()).singleElement().asString().contains("conclave-room-never-recorded");
    }
}
