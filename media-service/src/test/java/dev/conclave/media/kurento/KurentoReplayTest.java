package dev.conclave.media.kurento;

import static dev.conclave.media.kurento.KmsScenario.ALICE;
import static dev.conclave.media.kurento.KmsScenario.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.kurento.KmsExchange.Frame;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerStatus;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Kurento adapter against conversations recorded with a real Kurento Media Server (see
 * {@code kms-exchanges/README.md}): every request it makes must be the recorded one, every recorded request must be
 * made, and what it makes of KMS's recorded answers and events is checked here.
 */
@DisplayName("the Kurento adapter, replayed against recorded KMS exchanges,")
class KurentoReplayTest {

    static KmsExchange recording(KmsScenario scenario) {
        try {
            return KmsExchange.read(Path.of(KurentoReplayTest.class.getResource("/kms-exchanges/" + scenario.file()
                    + ".json").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static KmsReplay replay(KmsScenario scenario) throws InterruptedException {
        return KmsReplay.of(scenario, recording(scenario));
    }

    @Nested
    @DisplayName("when probing")
    class Probing {

        @Test
        @DisplayName("reports the version, the pipeline count and the CPU use that KMS answered")
        void probe() throws Exception {
            KmsReplay replay = replay(KmsScenario.PROBE);
            WorkerStatus status = replay.outcome().status();

            assertThat(status.version()).isEqualTo(replay.exchange().kmsVersion()).startsWith("7.2.");
            assertThat(status.pipelines())
                    .isEqualTo(replay.exchange().resultOf("invoke", "getPipelines").path("value").size());
            assertThat(status.cpuPercent())
                    .isEqualTo(replay.exchange().resultOf("invoke", "getUsedCpu").path("value").asDouble());
        }
    }

    @Nested
    @DisplayName("when a participant publishes")
    class Publishing {

        @Test
        @DisplayName("answers the browser's offer with KMS's SDP answer")
        void answer() throws Exception {
            KmsReplay replay = replay(KmsScenario.PUBLISH);

            assertThat(replay.outcome().answers()).singleElement().satisfies(answer -> {
                assertThat(answer).isEqualTo(replay.exchange().resultOf("invoke", "processOffer").path("value")
                        .asString());
                assertThat(answer).startsWith("v=0").contains("a=ice-ufrag:", "a=ice-pwd:", "m=video", "m=audio");
            });
        }

        @Test
        @DisplayName("hands every candidate KMS gathered to the listener under the publisher's key")
        void candidates() throws Exception {
            KmsReplay replay = replay(KmsScenario.PUBLISH);

            assertThat(replay.events().candidates()).isNotEmpty()
                    .allSatisfy(found -> assertThat(found.endpoint())
                            .isEqualTo(EndpointKey.publisher(KmsScenario.PUBLISH.room(), ALICE)));
            assertThat(named(replay.events().candidates()))
                    .containsExactlyInAnyOrderElementsOf(recordedCandidates(replay.exchange()));
        }

        @Test
        @DisplayName("gives the endpoint the STUN and TURN servers it was given")
        void iceServers() throws Exception {
            KmsReplay replay = replay(KmsScenario.PUBLISH);
            EndpointIceSettings ice = KmsScenario.WITH_STUN_AND_TURN;

            assertThat(operationParams(replay.exchange(), "setStunServerAddress")).isEqualTo(ice.stunAddress());
            assertThat(operationParams(replay.exchange(), "setStunServerPort")).isEqualTo("" + ice.stunPort());
            assertThat(operationParams(replay.exchange(), "setTurnUrl")).isEqualTo(ice.turnUrl());
        }
    }

    @Nested
    @DisplayName("when a participant subscribes")
    class Subscribing {

        @Test
        @DisplayName("feeds the subscriber's endpoint from the publisher's and answers both offers")
        void connectAndAnswer() throws Exception {
            KmsReplay replay = replay(KmsScenario.SUBSCRIBE);
            Map<String, String> names = endpointNames(replay.exchange());
            JsonNode connect = replay.exchange().requests().stream()
                    .filter(request -> "connect".equals(request.message().path("params").path("operation")
                            .asString(""))).findFirst().orElseThrow().message().path("params");

            assertThat(names.get(connect.path("object").asString()))
                    .isEqualTo(EndpointKey.publisher(KmsScenario.SUBSCRIBE.room(), ALICE).toString());
            assertThat(names.get(connect.path("operationParams").path("sink").asString()))
                    .isEqualTo(EndpointKey.subscription(KmsScenario.SUBSCRIBE.room(), BOB, ALICE).toString());
            assertThat(replay.outcome().answers()).hasSize(2).allSatisfy(answer ->
                    assertThat(answer).startsWith("v=0").contains("a=ice-ufrag:"));
        }

        @Test
        @DisplayName("hands each endpoint's candidates to the listener under that endpoint's own key")
        void candidatesPerEndpoint() throws Exception {
            KmsReplay replay = replay(KmsScenario.SUBSCRIBE);

            assertThat(replay.events().candidates()).extracting(EventLog.Candidate::endpoint).containsOnly(
                    EndpointKey.publisher(KmsScenario.SUBSCRIBE.room(), ALICE),
                    EndpointKey.subscription(KmsScenario.SUBSCRIBE.room(), BOB, ALICE));
            assertThat(named(replay.events().candidates()))
                    .containsExactlyInAnyOrderElementsOf(recordedCandidates(replay.exchange()));
        }
    }

    @Nested
    @DisplayName("when the browser trickles its candidates")
    class TrickleIce {

        @Test
        @DisplayName("passes every one to KMS and reports the ICE states KMS sent, up to connected")
        void trickle() throws Exception {
            KmsReplay replay = replay(KmsScenario.ADD_ICE_CANDIDATE);
            EndpointKey alice = EndpointKey.publisher(KmsScenario.ADD_ICE_CANDIDATE.room(), ALICE);

            assertThat(replay.exchange().requests()).filteredOn(request -> "addIceCandidate".equals(
                            request.message().path("params").path("operation").asString("")))
                    .hasSize(replay.exchange().inputs().get("publisher").candidates().size());
            assertThat(replay.events().states(alice)).containsExactlyInAnyOrderElementsOf(
                    replay.exchange().events("IceComponentStateChanged").stream()
                            .map(data -> "ICE_" + data.path("state").asString()).toList())
                    .contains("ICE_CONNECTED");
        }
    }

    @Nested
    @DisplayName("when releasing")
    class Releasing {

        @Test
        @DisplayName("releases the endpoint, then the pipeline; releasing the pipeline again is not an error")
        void release() throws Exception {
            KmsReplay replay = replay(KmsScenario.RELEASE);

            assertThat(replay.outcome().refusal()).isNull();
            assertThat(replay.exchange().requests()).filteredOn(request -> request.method().equals("release"))
                    .hasSize(3);
        }

        @Test
        @DisplayName("a released pipeline no longer exists")
        void releasedPipeline() throws Exception {
            assertThat(replay(KmsScenario.RELEASED_PIPELINE).outcome().exists()).containsExactly(true, false);
        }
    }

    @Nested
    @DisplayName("when KMS refuses a request")
    class Refusals {

        @Test
        @DisplayName("an offer that is not SDP is refused with MediaWorkerRejectedException carrying KMS's code")
        void unparsableOffer() throws Exception {
            KmsReplay replay = replay(KmsScenario.REJECTED_OFFER);
            JsonNode error = replay.exchange().frames().stream().filter(frame -> frame.message().has("error"))
                    .findFirst().orElseThrow().message().path("error");

            assertThat(replay.outcome().refusal()).isInstanceOf(MediaWorkerRejectedException.class)
                    .hasMessageContaining("processOffer")
                    .hasMessageContaining(error.path("message").asString())
                    .hasMessageContaining("code " + error.path("code").asInt());
        }
    }

    @Nested
    @DisplayName("the replay itself")
    class TheReplay {

        @Test
        @DisplayName("fails when the adapter makes a request that is not the next one recorded")
        void unexpectedRequest() throws Exception {
            KmsExchange release = recording(KmsScenario.RELEASE);
            try (KmsReplayServer kms = KmsReplayServer.playing(release)) {
                MediaWorkerClient adapter = connect(kms);
                assertThatThrownBy(adapter::probe).isInstanceOf(MediaWorkerRejectedException.class)
                        .hasMessageContaining("differs from the recording");
                adapter.close();

                assertThatThrownBy(() -> kms.verify(Duration.ofMillis(100))).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("request 1 differs from the recording")
                        .hasMessageContaining("\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\"")
                        .hasMessageContaining("\"operation\":\"getInfo\"");
            }
        }

        @Test
        @DisplayName("fails when the adapter leaves out a recorded request")
        void missingRequest() throws Exception {
            try (KmsReplayServer kms = KmsReplayServer.playing(recording(KmsScenario.RELEASED_PIPELINE))) {
                MediaWorkerClient adapter = connect(kms);
                adapter.createPipeline(KmsScenario.RELEASED_PIPELINE.room().value());
                adapter.close();

                assertThat(kms.requestsMade()).isEqualTo(2);
                assertThatThrownBy(() -> kms.verify(Duration.ofMillis(100))).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("never made recorded request 3 of 5")
                        .hasMessageContaining("getName");
            }
        }

        @Test
        @DisplayName("fails when a request's params differ, e.g. a candidate for another media line")
        void differentParams() throws Exception {
            KmsExchange trickle = recording(KmsScenario.ADD_ICE_CANDIDATE);
            EndpointKey alice = EndpointKey.publisher(KmsScenario.ADD_ICE_CANDIDATE.room(), ALICE);
            IceCandidate first = trickle.inputs().get("publisher").candidates().get(0);
            try (KmsReplayServer kms = KmsReplayServer.playing(trickle)) {
                MediaWorkerClient adapter = connect(kms);
                String pipeline = adapter.createPipeline(KmsScenario.ADD_ICE_CANDIDATE.room().value());
                String endpoint = adapter.createEndpoint(pipeline, alice, EndpointIceSettings.NONE);
                adapter.processOffer(endpoint, trickle.inputs().get("publisher").offer());
                assertThatThrownBy(() -> adapter.addIceCandidate(endpoint, new IceCandidate(first.candidate(),
                        first.sdpMid(), first.sdpMLineIndex() + 1))).isInstanceOf(MediaWorkerRejectedException.class);
                adapter.close();

                assertThatThrownBy(() -> kms.verify(Duration.ofMillis(100))).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("differs from the recording");
            }
        }

        private MediaWorkerClient connect(KmsReplayServer kms) {
            return KmsReplay.connect(kms, new EventLog());
        }
    }

    /** A candidate as the listener got it, under its endpoint's name ({@code EndpointKey.toString()}). */
    record NamedCandidate(String endpoint, IceCandidate candidate) {
    }

    private static List<NamedCandidate> named(List<EventLog.Candidate> candidates) {
        return candidates.stream().map(found -> new NamedCandidate(found.endpoint().toString(), found.candidate()))
                .toList();
    }

    /** The IceCandidateFound events KMS sent, under the name the adapter gave their endpoint. */
    private static List<NamedCandidate> recordedCandidates(KmsExchange exchange) {
        Map<String, String> names = endpointNames(exchange);
        return exchange.events("IceCandidateFound").stream().map(data -> new NamedCandidate(
                names.get(data.path("source").asString()), new IceCandidate(
                data.path("candidate").path("candidate").asString(), data.path("candidate").path("sdpMid").asString(),
                data.path("candidate").path("sdpMLineIndex").asInt()))).toList();
    }

    /** Endpoint ids to the names the adapter set on them. */
    private static Map<String, String> endpointNames(KmsExchange exchange) {
        Map<String, String> names = new HashMap<>();
        for (Frame request : exchange.requests()) {
            JsonNode params = request.message().path("params");
            if ("setName".equals(params.path("operation").asString(""))) {
                names.put(params.path("object").asString(), params.path("operationParams").path("name").asString());
            }
        }
        return names;
    }

    /** The single argument of the recorded {@code operation}. */
    private static String operationParams(KmsExchange exchange, String operation) {
        return exchange.requests().stream().map(request -> request.message().path("params"))
                .filter(params -> operation.equals(params.path("operation").asString(""))).findFirst()
                .map(params -> params.path("operationParams").properties().iterator().next().getValue().asString())
                .orElseThrow(() -> new AssertionError("no " + operation + " request recorded"));
    }
}
