package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.kurento.KmsExchange.BrowserInput;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.WorkerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the adapter is made to do in each recording: the same calls when recorded against a real media server
 * ({@link KmsRecordingIT}) and when replayed ({@link KurentoReplayTest}). Each scenario's recording is
 * {@code kms-exchanges/<file>.json}.
 */
enum KmsScenario {

    /** The registry's probe: version, pipeline count, CPU. */
    PROBE("probe") {
        @Override
        Outcome play(Stage stage) {
            return Outcome.probed(stage.kms().probe());
        }
    },

    /** A pipeline, a publisher's endpoint with STUN and TURN set, its answer, the candidates KMS gathers. */
    PUBLISH("publish") {
        @Override
        Outcome play(Stage stage) throws InterruptedException {
            EndpointKey alice = EndpointKey.publisher(room(), ALICE);
            String pipeline = stage.kms().createPipeline(room().value());
            String endpoint = stage.kms().createEndpoint(pipeline, alice, WITH_STUN_AND_TURN);
            String answer = stage.kms().processOffer(endpoint, stage.browser().input("publisher").offer());
            stage.events().awaitCandidates(alice, stage.settle());
            return Outcome.answered(answer);
        }
    },

    /** A publisher, then a subscriber's endpoint fed by it, each answered. */
    SUBSCRIBE("subscribe") {
        @Override
        Outcome play(Stage stage) throws InterruptedException {
            EndpointKey alice = EndpointKey.publisher(room(), ALICE);
            EndpointKey bob = EndpointKey.subscription(room(), BOB, ALICE);
            String pipeline = stage.kms().createPipeline(room().value());
            String publisher = stage.kms().createEndpoint(pipeline, alice, EndpointIceSettings.NONE);
            String published = stage.kms().processOffer(publisher, stage.browser().input("publisher").offer());
            String subscriber = stage.kms().createEndpoint(pipeline, bob, EndpointIceSettings.NONE);
            stage.kms().connect(publisher, subscriber);
            String subscribed = stage.kms().processOffer(subscriber, stage.browser().input("subscriber").offer());
            stage.events().awaitCandidates(alice, stage.settle());
            stage.events().awaitCandidates(bob, stage.settle());
            return Outcome.answered(published, subscribed);
        }
    },

    /** A publisher whose browser trickles its candidates in; ICE connects between them. */
    ADD_ICE_CANDIDATE("add-ice-candidate") {
        @Override
        Outcome play(Stage stage) throws InterruptedException {
            EndpointKey alice = EndpointKey.publisher(room(), ALICE);
            String pipeline = stage.kms().createPipeline(room().value());
            String endpoint = stage.kms().createEndpoint(pipeline, alice, EndpointIceSettings.NONE);
            BrowserInput browser = stage.browser().input("publisher");
            String answer = stage.kms().processOffer(endpoint, browser.offer());
            stage.browser().answered("publisher", answer, alice, stage.events());
            for (IceCandidate candidate : browser.candidates()) {
                stage.kms().addIceCandidate(endpoint, candidate);
            }
            stage.events().awaitState(alice, "ICE_CONNECTED", "ICE_READY");
            return Outcome.answered(answer);
        }
    },

    /** An endpoint released, then its pipeline, then the pipeline again (gone already: not an error). */
    RELEASE("release") {
        @Override
        Outcome play(Stage stage) {
            String pipeline = stage.kms().createPipeline(room().value());
            String endpoint = stage.kms().createEndpoint(pipeline, EndpointKey.publisher(room(), ALICE),
                    EndpointIceSettings.NONE);
            stage.kms().release(endpoint);
            stage.kms().release(pipeline);
            stage.kms().release(pipeline);
            return Outcome.nothing();
        }
    },

    /** Whether a pipeline exists, before and after it is released. */
    RELEASED_PIPELINE("released-pipeline") {
        @Override
        Outcome play(Stage stage) {
            String pipeline = stage.kms().createPipeline(room().value());
            boolean before = stage.kms().pipelineExists(pipeline);
            stage.kms().release(pipeline);
            return Outcome.existed(before, stage.kms().pipelineExists(pipeline));
        }
    },

    /** An offer that is not SDP: KMS's own error. */
    REJECTED_OFFER("rejected-offer") {
        @Override
        Outcome play(Stage stage) {
            String pipeline = stage.kms().createPipeline(room().value());
            String endpoint = stage.kms().createEndpoint(pipeline, EndpointKey.publisher(room(), ALICE),
                    EndpointIceSettings.NONE);
            try {
                stage.kms().processOffer(endpoint, NOT_SDP);
                return Outcome.nothing();
            } catch (RuntimeException refused) {
                return Outcome.refused(refused);
            }
        }
    };

    static final ParticipantId ALICE = new ParticipantId("alice");
    static final ParticipantId BOB = new ParticipantId("bob");
    /** Pipelines of recorded rooms are named {@code conclave-room-rec-…}: left over, they are released by name. */
    static final String ROOM_PREFIX = "rec-";
    static final String NOT_SDP = "this is not an SDP offer";
    /** Addresses nothing listens on, a password shaped as EndpointIce mints them: what counts is the requests. */
    static final EndpointIceSettings WITH_STUN_AND_TURN = new EndpointIceSettings("127.0.0.1", 3478,
            "1798761600:Jm2+4pZk/Xq0c9hS1fM7yN3aWbE=@127.0.0.1:3478?transport=udp");

    private final String file;

    KmsScenario(String file) {
        this.file = file;
    }

    /** The recording's name: {@code kms-exchanges/<file>.json}. */
    String file() {
        return file;
    }

    RoomId room() {
        return new RoomId(ROOM_PREFIX + file);
    }

    abstract Outcome play(Stage stage) throws InterruptedException;

    /**
     * Where a scenario plays.
     *
     * @param kms     the adapter, connected to a real media server (through the recording proxy) or to a replay
     * @param browser the browser side
     * @param events  the adapter's listener
     * @param settle  how long no new candidate must come before the gathered ones count as all
     */
    record Stage(MediaWorkerClient kms, Browser browser, EventLog events, Duration settle) {
    }

    /** What the adapter gave back: a probe's status, SDP answers, existence checks, or the refusal it threw. */
    record Outcome(WorkerStatus status, List<String> answers, List<Boolean> exists, RuntimeException refusal) {

        static Outcome probed(WorkerStatus status) {
            return new Outcome(status, List.of(), List.of(), null);
        }

        static Outcome answered(String... answers) {
            return new Outcome(null, List.of(answers), List.of(), null);
        }

        static Outcome existed(Boolean... exists) {
            return new Outcome(null, List.of(), new ArrayList<>(List.of(exists)), null);
        }

        static Outcome refused(RuntimeException refusal) {
            return new Outcome(null, List.of(), List.of(), refusal);
        }

        static Outcome nothing() {
            return new Outcome(null, List.of(), List.of(), null);
        }
    }
}
