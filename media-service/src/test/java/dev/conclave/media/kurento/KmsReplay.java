package dev.conclave.media.kurento;

import dev.conclave.media.kurento.KmsScenario.Outcome;
import dev.conclave.media.kurento.KmsScenario.Stage;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.WorkerId;
import java.time.Duration;

/**
 * A scenario played by the real adapter ({@link KurentoMediaWorkerConnector} and its client) against a replay of
 * its recording; fails unless the adapter made exactly the recorded requests.
 *
 * @param outcome what the adapter gave back
 * @param events  what reached its listener
 */
record KmsReplay(KmsExchange exchange, Outcome outcome, EventLog events) {

    static final WorkerId WORKER = new WorkerId("kms-replay");
    /** A replay answers at once, or with an error; the long limit only spares a heavily loaded machine. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** The adapter as media-service makes it, connected to {@code kms}. */
    static MediaWorkerClient connect(KmsReplayServer kms, EventLog events) {
        return new KurentoMediaWorkerConnector(Duration.ofSeconds(5), REQUEST_TIMEOUT).connect(WORKER, kms.url(),
                events);
    }

    static KmsReplay of(KmsScenario scenario, KmsExchange exchange) throws InterruptedException {
        try (KmsReplayServer kms = KmsReplayServer.playing(exchange)) {
            EventLog events = new EventLog();
            MediaWorkerClient adapter = connect(kms, events);
            Outcome outcome;
            try {
                outcome = scenario.play(new Stage(adapter, new RecordedBrowser(exchange.inputs()), events,
                        Duration.ofMillis(200)));
                // every recorded event has been sent by now; the Kurento client hands them on from its own threads
                events.awaitTotals(exchange.events("IceCandidateFound").size(),
                        exchange.events("IceComponentStateChanged").size()
                                + exchange.events("MediaFlowInStateChanged").size());
            } catch (RuntimeException | AssertionError e) {
                e.addSuppressed(new AssertionError("what the replay got and sent:\n" + kms.trace()));
                throw e;
            } finally {
                adapter.close();
            }
            kms.verify(Duration.ofSeconds(5));
            return new KmsReplay(exchange, outcome, events);
        }
    }
}
