package dev.conclave.media.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.support.MediaTier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("workers discovered through DNS")
class DnsWorkerDiscoveryTest {

    private final List<InetAddress> answer = new ArrayList<>();
    private boolean failing;

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        assertThat(host).isEqualTo("kms.conclave.svc.cluster.local");
        if (failing) {
            throw new UnknownHostException(host);
        }
        return List.copyOf(answer);
    }

    @Test
    @DisplayName("each address becomes a worker; a vanished address leaves and its rooms move; a failed lookup keeps them")
    void followsTheName() throws Exception {
        try (MediaTier tier = new MediaTier()) {
            DnsWorkerDiscovery discovery = new DnsWorkerDiscovery(tier.workers, "kms.conclave.svc.cluster.local:8888",
                    this::resolve);
            answer.add(InetAddress.getByName("10.1.0.7"));
            answer.add(InetAddress.getByName("10.1.0.8"));
            discovery.refresh();
            assertThat(tier.workers.all()).extracting(worker -> worker.url().toString())
                    .containsExactly("ws://10.1.0.7:8888/kurento", "ws://10.1.0.8:8888/kurento");
            tier.probe(1);
            RoomId room = new RoomId("standup");
            tier.allocations.publish(room, new ParticipantId("alice"), MediaTier.OFFER);
            assertThat(tier.allocations.workerOf(room)).contains(new WorkerId("kms-10.1.0.7"));

            failing = true;
            discovery.refresh();
            assertThat(tier.workers.all()).hasSize(2);

            failing = false;
            answer.remove(0);
            discovery.refresh();
            assertThat(tier.workers.all()).extracting(MediaWorker::id).containsExactly(new WorkerId("kms-10.1.0.8"));
            assertThat(tier.allocations.workerOf(room)).contains(new WorkerId("kms-10.1.0.8"));
            assertThat(tier.events(MediaEvent.RenegotiationNeeded.class)).hasSize(1);
        }
    }
}
