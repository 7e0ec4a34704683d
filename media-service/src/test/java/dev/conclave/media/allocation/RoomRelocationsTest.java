package dev.conclave.media.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.support.FakeMediaWorkerClient;
import dev.conclave.media.support.FakeMediaWorkers;
import dev.conclave.media.support.InMemoryAllocationStore;
import dev.conclave.media.support.MediaTier;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerState;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("moving rooms between workers")
class RoomRelocationsTest {

    private static final RoomId ROOM = new RoomId("standup");
    private static final RoomId OTHER = new RoomId("retro");
    private static final ParticipantId ALICE = new ParticipantId("alice");
    private static final ParticipantId BOB = new ParticipantId("bob");
    private static final WorkerId A = new WorkerId("kms-a");
    private static final WorkerId B = new WorkerId("kms-b");

    private static void call(MediaTier tier, RoomId room) {
        tier.allocations.publish(room, ALICE, MediaTier.OFFER);
        tier.allocations.publish(room, BOB, MediaTier.OFFER);
        tier.allocations.subscribe(room, BOB, ALICE, MediaTier.OFFER);
        tier.allocations.subscribe(room, ALICE, BOB, MediaTier.OFFER);
    }

    @Nested
    @DisplayName("when a worker dies")
    class Failover {

        @Test
        @DisplayName("it is lost after the missed probes, its rooms get a pipeline elsewhere and are told to renegotiate")
        void failover() {
            try (MediaTier tier = new MediaTier("kms-a", "kms-b")) {
                call(tier, ROOM);
                tier.allocations.publish(OTHER, ALICE, MediaTier.OFFER);
                assertThat(tier.allocations.workerOf(ROOM)).contains(A);
                assertThat(tier.allocations.workerOf(OTHER)).contains(B);

                tier.fakes.kill("kms-a");
                tier.probe(1);
                assertThat(tier.workers.get(A).state()).isEqualTo(WorkerState.UP);
                assertThat(tier.events(MediaEvent.RenegotiationNeeded.class)).isEmpty();
                tier.probe(1);

                assertThat(tier.workers.get(A).state()).isEqualTo(WorkerState.DOWN);
                assertThat(tier.allocations.workerOf(ROOM)).contains(B);
                assertThat(tier.events(MediaEvent.WorkerLost.class)).containsExactly(
                        new MediaEvent.WorkerLost("kms-a", java.util.List.of(ROOM)));
                assertThat(tier.events(MediaEvent.RenegotiationNeeded.class)).containsExactly(
                        new MediaEvent.RenegotiationNeeded(ROOM, "kms-b", RoomRelocations.WORKER_LOST));
                assertThat(tier.store.endpoints(ROOM)).isEmpty();
                assertThat(tier.store.rooms()).extracting(AllocationStore.StoredRoom::worker).containsOnly(B);
                assertThat(tier.fakes.client("kms-b").pipelines()).hasSize(2);
                assertThat(tier.workers.get(B).rooms()).isEqualTo(2);
                assertThat(tier.workers.get(A).rooms()).isZero();

                call(tier, ROOM);
                assertThat(tier.fakes.client("kms-b").endpoints().values())
                        .contains(EndpointKey.subscription(ROOM, BOB, ALICE));
            }
        }

        @Test
        @DisplayName("its connection reset, not the worker: the next probe connects again, the worker stays up, its "
                + "rooms stay and are listened to on the new connection; nobody renegotiates")
        void connectionReset() {
            try (MediaTier tier = new MediaTier("kms-a", "kms-b")) {
                call(tier, ROOM);
                assertThat(tier.allocations.workerOf(ROOM)).contains(A);
                FakeMediaWorkerClient before = tier.fakes.client("kms-a");
                Set<String> endpoints = Set.copyOf(before.endpoints().keySet());

                before.dropConnection();
                tier.probe(3); // past the 2 missed probes that would take the worker for lost

                FakeMediaWorkerClient after = tier.fakes.client("kms-a");
                assertThat(after).as("a new connection").isNotSameAs(before);
                assertThat(tier.workers.get(A).state()).isEqualTo(WorkerState.UP);
                assertThat(tier.allocations.workerOf(ROOM)).contains(A);
                assertThat(tier.events(MediaEvent.WorkerLost.class)).isEmpty();
                assertThat(tier.events(MediaEvent.RenegotiationNeeded.class)).isEmpty();
                assertThat(after.watched).as("every endpoint listened to again").containsAll(endpoints);
                assertThat(after.endpoints().keySet()).as("no endpoint made again").isEqualTo(endpoints);
                tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            }
        }

        @Test
        @DisplayName("a room that no worker can take is forgotten and placed again on its next publish")
        void nowhereToGo() {
            try (MediaTier tier = new MediaTier("kms-a", "kms-b")) {
                call(tier, ROOM);
                tier.fakes.kill("kms-b");
                tier.fakes.kill("kms-a");
                tier.probe(2);
                assertThat(tier.allocations.workerOf(ROOM)).isEmpty();
                assertThat(tier.store.rooms()).isEmpty();
                assertThat(tier.events(MediaEvent.RenegotiationNeeded.class))
                        .extracting(MediaEvent.RenegotiationNeeded::workerId).containsExactly("");

                tier.fakes.revive("kms-b");
                tier.probe(1);
                assertThat(tier.workers.get(B).state()).isEqualTo(WorkerState.UP);
                assertThat(tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER).worker()).isEqualTo(B);
            }
        }
    }

    @Nested
    @DisplayName("when a worker drains")
    class Draining {

        @Test
        @DisplayName("it takes no new rooms but keeps those it has")
        void noNewRooms() {
            try (MediaTier tier = new MediaTier("kms-a", "kms-b")) {
                call(tier, ROOM);
                tier.workers.drain(A, true);
                tier.allocations.publish(OTHER, ALICE, MediaTier.OFFER);
                tier.allocations.publish(new RoomId("third"), ALICE, MediaTier.OFFER);
                assertThat(tier.allocations.roomsOn(A)).containsExactly(ROOM);
                assertThat(tier.allocations.roomsOn(B)).hasSize(2);
                tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            }
        }

        @Test
        @DisplayName("moving its rooms releases their old pipelines and tells their participants to renegotiate")
        void migrate() {
            try (MediaTier tier = new MediaTier("kms-a", "kms-b")) {
                call(tier, ROOM);
                tier.workers.drain(A, true);
                assertThat(tier.relocations.migrate(A)).isEqualTo(1);
                assertThat(tier.fakes.client("kms-a").pipelines()).isEmpty();
                assertThat(tier.fakes.client("kms-a").endpoints()).isEmpty();
                assertThat(tier.allocations.workerOf(ROOM)).contains(B);
                assertThat(tier.events(MediaEvent.RenegotiationNeeded.class)).containsExactly(
                        new MediaEvent.RenegotiationNeeded(ROOM, "kms-b", RoomRelocations.WORKER_DRAINED));
            }
        }
    }

    @Nested
    @DisplayName("after a restart of media-service")
    class Restart {

        @Test
        @DisplayName("rooms whose pipelines still exist are reattached with their endpoints; others move")
        void reattach() {
            InMemoryAllocationStore store = new InMemoryAllocationStore();
            try (MediaTier before = new MediaTier(store, "kms-a", "kms-b")) {
                call(before, ROOM);
                call(before, OTHER);
                assertThat(before.allocations.workerOf(OTHER)).contains(B);

                before.fakes.client("kms-b").release(store.rooms().stream()
                        .filter(room -> room.room().equals(OTHER)).findFirst().orElseThrow().pipelineId());

                try (MediaTier after = new MediaTier(store, "kms-a", "kms-b")) {
                    carryOver(before, after);
                    after.relocations.reattach();

                    assertThat(after.allocations.workerOf(ROOM)).contains(A);
                    assertThat(after.workers.get(A).endpoints()).isEqualTo(4);
                    after.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
                    assertThat(after.events(MediaEvent.RenegotiationNeeded.class)).containsExactly(
                            new MediaEvent.RenegotiationNeeded(OTHER, "kms-a", RoomRelocations.PIPELINE_LOST));
                    assertThat(store.endpoints(OTHER)).isEmpty();
                }
            }
        }

        @Test
        @DisplayName("a worker that does not answer the first probe keeps its rooms: reattached once it answers,"
                + " with no renegotiation; meanwhile their calls fail as retryable")
        void workerSlowAtStart() {
            InMemoryAllocationStore store = new InMemoryAllocationStore();
            try (MediaTier before = new MediaTier(store, "kms-a", "kms-b")) {
                call(before, ROOM);
                assertThat(before.allocations.workerOf(ROOM)).contains(A);
                FakeMediaWorkers servers = new FakeMediaWorkers();
                servers.slowDown("kms-a", Duration.ofSeconds(1));

                try (MediaTier after = new MediaTier(servers, store, "kms-a", "kms-b")) {
                    servers.adopt(before.fakes);
                    after.relocations.reattach();

                    assertThat(after.allocations.workerOf(ROOM)).contains(A);
                    assertThat(after.allocations.publishers(ROOM).participants()).containsExactlyInAnyOrder(ALICE, BOB);
                    assertThatThrownBy(() -> after.allocations.subscribe(ROOM, new ParticipantId("carol"), ALICE,
                            MediaTier.OFFER)).isInstanceOf(MediaWorkerFailedException.class);

                    servers.slowDown("kms-a", Duration.ZERO);
                    after.probe(1);

                    assertThat(after.workers.get(A).endpoints()).isEqualTo(4);
                    after.allocations.subscribe(ROOM, new ParticipantId("carol"), ALICE, MediaTier.OFFER);
                    assertThat(servers.client("kms-a").endpoints()).hasSize(5);
                    assertThat(after.events(MediaEvent.RenegotiationNeeded.class)).isEmpty();
                }
            }
        }

        @Test
        @DisplayName("a worker that never answers after the restart is lost after its missed probes, and only then do"
                + " its rooms move")
        void workerGoneAtStart() {
            InMemoryAllocationStore store = new InMemoryAllocationStore();
            try (MediaTier before = new MediaTier(store, "kms-a", "kms-b")) {
                call(before, ROOM);
                FakeMediaWorkers servers = new FakeMediaWorkers();
                servers.slowDown("kms-a", Duration.ofSeconds(1));

                try (MediaTier after = new MediaTier(servers, store, "kms-a", "kms-b")) {
                    after.relocations.reattach();
                    assertThat(after.events(MediaEvent.RenegotiationNeeded.class)).isEmpty();

                    after.probe(2);

                    assertThat(after.workers.get(A).state()).isEqualTo(WorkerState.DOWN);
                    assertThat(after.allocations.workerOf(ROOM)).contains(B);
                    assertThat(after.events(MediaEvent.RenegotiationNeeded.class)).containsExactly(
                            new MediaEvent.RenegotiationNeeded(ROOM, "kms-b", RoomRelocations.WORKER_LOST));
                }
            }
        }

        /** The fake workers of the first tier are the media servers the second one finds again. */
        private void carryOver(MediaTier before, MediaTier after) {
            after.fakes.adopt(before.fakes);
            after.workers.all().forEach(worker -> after.workers.probe(worker));
        }
    }
}
