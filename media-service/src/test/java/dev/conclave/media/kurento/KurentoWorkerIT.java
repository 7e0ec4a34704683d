package dev.conclave.media.kurento;

import static dev.conclave.media.kurento.KmsScenario.ALICE;
import static dev.conclave.media.kurento.KmsScenario.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.media.allocation.MediaAllocations.Answer;
import dev.conclave.media.allocation.RoomRelocations;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.kurento.KmsExchange.BrowserInput;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerState;
import dev.conclave.media.worker.WorkerStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kurento.client.ElementConnectionData;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kurento adapter and the media tier on real Kurento Media Servers: {@code CONCLAVE_TEST_KMS_URL} names one, or
 * two separated by a comma for failover; without it these tests are skipped (see {@link TestKms}).
 */
@DisplayName("the Kurento adapter against real media servers (CONCLAVE_TEST_KMS_URL)")
class KurentoWorkerIT {

    private static final Logger log = LoggerFactory.getLogger(KurentoWorkerIT.class);
    /** Rooms here are {@code it-…}: their pipelines {@code conclave-room-it-…}, released by name when a test ends. */
    private static final String PIPELINES = "conclave-room-it-";

    private static KurentoMediaWorkerConnector connector() {
        return new KurentoMediaWorkerConnector(Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    @Nested
    @DisplayName("on one media server")
    class OneServer {

        private final RoomId room = new RoomId("it-one");
        private final EndpointKey alice = EndpointKey.publisher(room, ALICE);
        private final EventLog events = new EventLog();
        private MediaWorkerClient adapter;
        private KmsBrowser browser;

        @BeforeEach
        void connect() {
            URI kms = TestKms.url();
            adapter = connector().connect(new WorkerId("kms-it"), kms, events);
            browser = KmsBrowser.on(kms);
        }

        @AfterEach
        void close() {
            if (adapter != null) {
                adapter.close();
            }
            if (browser != null) {
                browser.releasePipelinesNamed(PIPELINES);
                browser.close();
            }
        }

        @Test
        @DisplayName("its probe reports Kurento 7.2 and counts the pipelines it holds")
        void probe() {
            WorkerStatus before = adapter.probe();
            adapter.createPipeline(room.value());
            WorkerStatus after = adapter.probe();

            assertThat(before.version()).startsWith("7.2.");
            assertThat(after.pipelines()).isEqualTo(before.pipelines() + 1);
            assertThat(after.cpuPercent()).isBetween(0.0, 100.0);
        }

        @Test
        @DisplayName("a publisher's endpoint answers a browser's offer with ICE credentials, and the candidates it "
                + "gathers reach the listener under its key")
        void publish() throws Exception {
            String endpoint = adapter.createEndpoint(adapter.createPipeline(room.value()), alice,
                    EndpointIceSettings.NONE);

            String answer = adapter.processOffer(endpoint, browser.input("alice").offer());

            assertThat(answer).startsWith("v=0").contains("a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:");
            assertThat(events.awaitCandidates(alice, Duration.ofMillis(500))).isNotEmpty()
                    .allSatisfy(candidate -> assertThat(candidate.candidate()).startsWith("candidate:"));
            assertThat(events.candidates()).extracting(EventLog.Candidate::endpoint).containsOnly(alice);
        }

        @Test
        @DisplayName("a subscriber's endpoint is fed by the publisher's and answers its own offer")
        void subscribe() throws Exception {
            EndpointKey bob = EndpointKey.subscription(room, BOB, ALICE);
            String pipeline = adapter.createPipeline(room.value());
            String publisher = adapter.createEndpoint(pipeline, alice, EndpointIceSettings.NONE);
            adapter.processOffer(publisher, browser.input("alice").offer());
            String subscriber = adapter.createEndpoint(pipeline, bob, EndpointIceSettings.NONE);

            adapter.connect(publisher, subscriber);
            String answer = adapter.processOffer(subscriber, browser.input("bob").offer());

            assertThat(answer).startsWith("v=0").contains("a=ice-ufrag:");
            List<ElementConnectionData> sources = browser.lookUp(subscriber, WebRtcEndpoint.class)
                    .getSourceConnections();
            assertThat(sources).isNotEmpty().allSatisfy(connection ->
                    assertThat(connection.getSource().getId()).isEqualTo(publisher));
            assertThat(events.awaitCandidates(bob, Duration.ofMillis(500))).isNotEmpty();
        }

        @Test
        @DisplayName("takes the browser's trickled candidates, and ICE connects: the listener hears it")
        void trickleIce() throws Exception {
            String endpoint = adapter.createEndpoint(adapter.createPipeline(room.value()), alice,
                    EndpointIceSettings.NONE);
            BrowserInput offer = browser.input("alice");
            browser.answered("alice", adapter.processOffer(endpoint, offer.offer()), alice, events);

            offer.candidates().forEach(candidate -> adapter.addIceCandidate(endpoint, candidate));

            assertThat(events.awaitState(alice, "ICE_CONNECTED", "ICE_READY"))
                    .as("ICE states heard: %s", events.states(alice)).isTrue();
        }

        @Test
        @DisplayName("refuses a candidate for an endpoint that is gone (MediaWorkerRejectedException)")
        void candidateForAGoneEndpoint() {
            String endpoint = adapter.createEndpoint(adapter.createPipeline(room.value()), alice,
                    EndpointIceSettings.NONE);
            BrowserInput offer = browser.input("alice");
            adapter.processOffer(endpoint, offer.offer());
            adapter.release(endpoint);

            assertThatThrownBy(() -> adapter.addIceCandidate(endpoint, offer.candidates().get(0)))
                    .isInstanceOf(MediaWorkerRejectedException.class).hasMessageContaining("addIceCandidate")
                    .hasMessageContaining("40101");
        }

        /**
         * KMS 7.2 answers a candidate it cannot parse with success and only logs "Cannot parse": the adapter has no
         * refusal to pass on. Should KMS start refusing them, this test says so.
         */
        @Test
        @DisplayName("takes a malformed candidate without an error, as KMS 7.2 does, and ICE still connects with the "
                + "good ones")
        void malformedCandidate() throws Exception {
            String endpoint = adapter.createEndpoint(adapter.createPipeline(room.value()), alice,
                    EndpointIceSettings.NONE);
            BrowserInput offer = browser.input("alice");
            browser.answered("alice", adapter.processOffer(endpoint, offer.offer()), alice, events);

            assertThatCode(() -> adapter.addIceCandidate(endpoint, new IceCandidate(
                    "candidate:this is not a candidate", "audio0", 0))).doesNotThrowAnyException();
            offer.candidates().forEach(candidate -> adapter.addIceCandidate(endpoint, candidate));

            assertThat(events.awaitState(alice, "ICE_CONNECTED", "ICE_READY"))
                    .as("ICE states heard: %s", events.states(alice)).isTrue();
        }

        @Test
        @DisplayName("refuses an offer that is not SDP (MediaWorkerRejectedException)")
        void unparsableOffer() {
            String endpoint = adapter.createEndpoint(adapter.createPipeline(room.value()), alice,
                    EndpointIceSettings.NONE);

            assertThatThrownBy(() -> adapter.processOffer(endpoint, KmsScenario.NOT_SDP))
                    .isInstanceOf(MediaWorkerRejectedException.class).hasMessageContaining("processOffer");
        }

        @Test
        @DisplayName("a released pipeline is gone, for this connection and for a new one; releasing it again is not "
                + "an error")
        void release() {
            String pipeline = adapter.createPipeline(room.value());
            String endpoint = adapter.createEndpoint(pipeline, alice, EndpointIceSettings.NONE);
            MediaWorkerClient restarted = connector().connect(new WorkerId("kms-it"), TestKms.url(), new EventLog());
            try {
                assertThat(restarted.pipelineExists(pipeline)).isTrue();

                adapter.release(endpoint);
                adapter.release(pipeline);

                assertThat(adapter.pipelineExists(pipeline)).isFalse();
                assertThat(restarted.pipelineExists(pipeline)).isFalse();
                assertThatCode(() -> adapter.release(pipeline)).doesNotThrowAnyException();
                assertThatCode(() -> restarted.release(endpoint)).doesNotThrowAnyException();
            } finally {
                restarted.close();
            }
        }
    }

    @Nested
    @DisplayName("with two media servers")
    class TwoServers {

        private final RoomId room = new RoomId("it-failover");
        private final EndpointKey alice = EndpointKey.publisher(room, ALICE);

        @Test
        @DisplayName("when the one holding a room dies, the room moves to the other with RenegotiationNeeded, "
                + "publishing there works, and the restarted one is taken back")
        void failover() throws Exception {
            List<URI> urls = TestKms.urls(2);
            String stop = TestKms.command(TestKms.STOP_COMMAND);
            String start = System.getProperty(TestKms.START_COMMAND, "").trim();
            try (KurentoMediaTier tier = new KurentoMediaTier(urls)) {
                assertThat(tier.workers.all()).allSatisfy(worker ->
                        assertThat(worker.state()).as("%s", worker.id()).isEqualTo(WorkerState.UP));
                WorkerId holder = tier.allocations.allocate(room).worker();
                URI dying = urls.stream().filter(url -> KurentoMediaTier.workerId(url).equals(holder)).findFirst()
                        .orElseThrow();
                URI surviving = urls.stream().filter(url -> !url.equals(dying)).findFirst().orElseThrow();
                WorkerId other = KurentoMediaTier.workerId(surviving);

                try (KmsBrowser browser = KmsBrowser.on(surviving)) {
                    Answer first = tier.allocations.publish(room, ALICE, browser.input("before").offer());
                    assertThat(first.worker()).isEqualTo(holder);
                    assertThat(tier.endpoints.awaitCandidates(alice, Duration.ofMillis(300))).isNotEmpty();

                    TestKms.run(stop, dying);
                    try {
                        long stopped = System.nanoTime();
                        for (int probe = 0; probe < 5 && tier.events(MediaEvent.RenegotiationNeeded.class)
                                .isEmpty(); probe++) {
                            tier.probe();
                        }
                        Duration moved = Duration.ofNanos(System.nanoTime() - stopped);
                        log.info("room {} moved from {} to {} {} ms after its media server stopped", room, holder,
                                tier.allocations.workerOf(room).orElse(null), moved.toMillis());

                        assertThat(tier.workers.get(holder).state()).isEqualTo(WorkerState.DOWN);
                        assertThat(tier.events(MediaEvent.WorkerLost.class))
                                .containsExactly(new MediaEvent.WorkerLost(holder.value(), List.of(room)));
                        assertThat(tier.events(MediaEvent.RenegotiationNeeded.class)).as("moved after %s", moved)
                                .containsExactly(new MediaEvent.RenegotiationNeeded(room, other.value(),
                                        RoomRelocations.WORKER_LOST));
                        assertThat(tier.allocations.workerOf(room)).contains(other);

                        BrowserInput again = browser.input("after");
                        int candidatesBefore = tier.endpoints.candidates(alice).size();
                        Answer second = tier.allocations.publish(room, ALICE, again.offer());
                        assertThat(second.worker()).isEqualTo(other);
                        assertThat(second.sdpAnswer()).startsWith("v=0").contains("a=ice-ufrag:");
                        browser.answered("after", second.sdpAnswer(), alice, tier.endpoints);
                        again.candidates().forEach(candidate -> tier.allocations.addIceCandidate(alice, candidate));
                        assertThat(tier.endpoints.awaitState(alice, "ICE_CONNECTED", "ICE_READY"))
                                .as("ICE states on %s: %s", other, tier.endpoints.states(alice)).isTrue();
                        assertThat(tier.endpoints.candidates(alice)).hasSizeGreaterThan(candidatesBefore);
                    } finally {
                        if (!start.isEmpty()) {
                            TestKms.run(start, dying);
                        }
                    }
                    if (!start.isEmpty()) {
                        for (int probe = 0; probe < 10 && tier.workers.get(holder).state() != WorkerState.UP;
                             probe++) {
                            Thread.sleep(500);
                            tier.probe();
                        }
                        assertThat(tier.workers.get(holder).state()).as("%s after its restart", holder)
                                .isEqualTo(WorkerState.UP);
                    }
                    tier.allocations.releaseRoom(room);
                }
            }
        }
    }
}
