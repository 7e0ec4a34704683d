package dev.conclave.media.kurento;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.kurento.KmsExchange.Frame;
import dev.conclave.media.kurento.KmsScenario.Outcome;
import dev.conclave.media.kurento.KmsScenario.Stage;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;

/**
 * Records what the adapter and a real media server say to each other in every {@link KmsScenario}, for
 * {@link KurentoReplayTest}. Overwrites {@code src/test/resources/kms-exchanges/} only when asked:
 * {@code CONCLAVE_TEST_KMS_URL=ws://127.0.0.1:8888/kurento ./mvnw -B -pl media-service verify
 * -Dit.test=KmsRecordingIT -Dconclave.kms.record=true}.
 */
@DisplayName("recordings of the Kurento adapter's exchanges with a real media server")
class KmsRecordingIT {

    static final String RECORD = "conclave.kms.record";
    static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    static final Path RECORDINGS = MODULE.resolve("src/test/resources/kms-exchanges");
    /** Every fresh recording is written here first, kept or not: to look at when one does not replay. */
    static final Path FRESH = MODULE.resolve("target/kms-exchanges");

    private static final String CLIENT = "kurento-client " + KurentoClient.class.getPackage().getImplementationVersion();

    @Test
    @DisplayName("are made again for every scenario against the media server in CONCLAVE_TEST_KMS_URL, each replaying as recorded")
    void reRecord() throws Exception {
        URI kms = TestKms.url();
        Assumptions.assumeTrue(Boolean.getBoolean(RECORD), () -> "re-recording overwrites " + RECORDINGS
                + ": pass -D" + RECORD + "=true as well as " + TestKms.URL_VARIABLE + "; test skipped");
        for (KmsScenario scenario : KmsScenario.values()) {
            Recorded recorded = record(kms, scenario);
            assertSound(scenario, recorded.outcome(), recorded.events());
            KmsReplay replayed = KmsReplay.of(scenario, recorded.exchange());
            assertThat(replayed.outcome().answers()).as("%s answers replayed", scenario)
                    .isEqualTo(recorded.outcome().answers());
            assertThat(replayed.outcome().exists()).isEqualTo(recorded.outcome().exists());
            // the Kurento client hands events to listeners from a pool of threads: their order is not kept
            assertThat(replayed.events().candidates()).as("%s candidates replayed", scenario)
                    .containsExactlyInAnyOrderElementsOf(recorded.events().candidates());
            recorded.exchange().write(RECORDINGS.resolve(scenario.file() + ".json"));
        }
    }

    @Test
    @DisplayName("still hold the requests the adapter makes of the media server in CONCLAVE_TEST_KMS_URL")
    void stillCurrent() throws Exception {
        URI kms = TestKms.url();
        Assumptions.assumeFalse(Boolean.getBoolean(RECORD), "-D" + RECORD + "=true: re-recording instead; test skipped");
        for (KmsScenario scenario : KmsScenario.values()) {
            KmsExchange committed = KmsExchange.read(RECORDINGS.resolve(scenario.file() + ".json"));
            Recorded live = record(kms, scenario);
            assertSound(scenario, live.outcome(), live.events());
            assertThat(requests(live.exchange())).as("requests of '%s' against KMS %s; recorded against KMS %s:"
                            + " re-record (see kms-exchanges/README.md) if the change is right", scenario,
                    live.exchange().kmsVersion(), committed.kmsVersion())
                    .isEqualTo(requests(committed));
        }
    }

    /** Plays a scenario through the recording proxy, the browser side on a connection of its own. */
    static Recorded record(URI kms, KmsScenario scenario) throws Exception {
        try (KmsRecordingProxy proxy = KmsRecordingProxy.to(kms); KmsBrowser browser = KmsBrowser.on(kms)) {
            EventLog events = new EventLog();
            MediaWorkerClient adapter = new KurentoMediaWorkerConnector(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .connect(new WorkerId("kms-recorded"), proxy.url(), events);
            Outcome outcome;
            try {
                outcome = scenario.play(new Stage(adapter, browser, events, Duration.ofSeconds(1)));
            } finally {
                adapter.close();
                browser.releasePipelinesNamed("conclave-room-" + KmsScenario.ROOM_PREFIX);
            }
            KmsExchange exchange = new KmsExchange(scenario.file(), browser.kmsVersion(), CLIENT,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), browser.inputs(), settled(proxy));
            exchange.write(FRESH.resolve(scenario.file() + ".json"));
            return new Recorded(exchange, outcome, events);
        }
    }

    record Recorded(KmsExchange exchange, Outcome outcome, EventLog events) {
    }

    /** What a recording must show to be worth keeping. */
    static void assertSound(KmsScenario scenario, Outcome outcome, EventLog events) {
        outcome.answers().forEach(answer -> assertThat(answer).as("%s answer", scenario).startsWith("v=0")
                .contains("a=ice-ufrag:"));
        switch (scenario) {
            case PROBE -> assertThat(outcome.status().version()).startsWith("7.");
            case PUBLISH, SUBSCRIBE -> assertThat(events.candidates()).as("candidates gathered").isNotEmpty();
            case ADD_ICE_CANDIDATE -> assertThat(events.states(EndpointKey.publisher(scenario.room(),
                    KmsScenario.ALICE))).as("ICE states").containsAnyOf("ICE_CONNECTED", "ICE_READY");
            case RELEASE -> assertThat(outcome.refusal()).isNull();
            case RELEASED_PIPELINE -> assertThat(outcome.exists()).containsExactly(true, false);
            case REJECTED_OFFER -> assertThat(outcome.refusal()).isInstanceOf(MediaWorkerRejectedException.class);
        }
    }

    /**
     * The requests of an exchange without what KMS generated (method, operation or event, object type), a run of
     * the same request counted once: how many candidates a browser gathers depends on the machine's interfaces.
     */
    private static List<String> requests(KmsExchange exchange) {
        List<String> requests = new ArrayList<>();
        for (Frame request : exchange.requests()) {
            if (requests.isEmpty() || !requests.get(requests.size() - 1).equals(request.summary())) {
                requests.add(request.summary());
            }
        }
        return requests;
    }

    /** The frames once none has come for a moment (the last events after the adapter closed). */
    private static List<Frame> settled(KmsRecordingProxy proxy) throws InterruptedException {
        int seen = -1;
        while (seen != proxy.frames().size()) {
            seen = proxy.frames().size();
            Thread.sleep(300);
        }
        return proxy.frames();
    }
}
