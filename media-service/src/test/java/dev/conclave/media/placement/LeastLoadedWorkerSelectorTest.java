package dev.conclave.media.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.support.MediaTier;
import dev.conclave.media.worker.MediaWorker;
import dev.conclave.media.worker.WorkerId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("least-loaded placement")
class LeastLoadedWorkerSelectorTest {

    private final LeastLoadedWorkerSelector selector = new LeastLoadedWorkerSelector();

    @Test
    @DisplayName("picks the worker with the fewest endpoints, then the fewest rooms, then by id")
    void leastLoaded() {
        try (MediaTier tier = new MediaTier("kms-a", "kms-b", "kms-c")) {
            assertThat(selected(tier)).isEqualTo("kms-a");
            tier.workers.get(new WorkerId("kms-a")).endpointsChanged(3);
            tier.workers.get(new WorkerId("kms-b")).endpointsChanged(1);
            tier.workers.get(new WorkerId("kms-b")).roomsChanged(1);
            assertThat(selected(tier)).isEqualTo("kms-c");
            tier.workers.get(new WorkerId("kms-c")).endpointsChanged(1);
            assertThat(selected(tier)).isEqualTo("kms-c");
        }
    }

    @Test
    @DisplayName("never picks a draining worker or one that is down")
    void onlyWorkersTakingRooms() {
        try (MediaTier tier = new MediaTier("kms-a", "kms-b", "kms-c")) {
            tier.workers.drain(new WorkerId("kms-a"), true);
            tier.fakes.kill("kms-b");
            tier.probe(2);
            tier.workers.get(new WorkerId("kms-c")).endpointsChanged(50);
            assertThat(selected(tier)).isEqualTo("kms-c");
            tier.workers.drain(new WorkerId("kms-c"), true);
            assertThat(selector.select(tier.workers.all())).isEmpty();
        }
    }

    @Test
    @DisplayName("spreads new rooms over the workers as they fill up")
    void spreadsRooms() {
        try (MediaTier tier = new MediaTier("kms-a", "kms-b")) {
            for (int i = 0; i < 6; i++) {
                RoomId room = new RoomId("room-" + i);
                tier.allocations.publish(room, new ParticipantId("p" + i), MediaTier.OFFER);
            }
            assertThat(tier.workers.all()).extracting(MediaWorker::rooms).containsExactly(3, 3);
            assertThat(tier.workers.all()).extracting(MediaWorker::endpoints).containsExactly(3, 3);
        }
    }

    private String selected(MediaTier tier) {
        return selector.select(tier.workers.all()).orElseThrow().id().value();
    }
}
