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

    static KmsReplay of(KmsScenario scenario, KmsExchange exchange) throws InterruptedException {
        try (KmsReplayServer kms = KmsReplayServer.playing(exchange)) {
            EventLog events = new EventLog();
            MediaWorkerClient adapter = new KurentoMediaWorkerConnector(Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .connect(WORKER, kms.url(), events);
            Outcome outcome;
            try {
                outcome = scenario.play(new Stage(adapter, new RecordedBrowser(exchange.inputs()), events,
                        Duration.ofMillis(200)));
            } finally {
                adapter.close();
            }
            kms.verify(Duration.ofSeconds(5));
            return new KmsReplay(exchange, outcome, events);
        }
    }
}
