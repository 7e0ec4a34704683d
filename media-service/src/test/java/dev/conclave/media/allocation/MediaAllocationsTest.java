package dev.conclave.media.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.media.allocation.MediaRequestException.Reason;
import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.placement.NoMediaWorkerAvailableException;
import dev.conclave.media.support.FakeMediaWorkerClient;
import dev.conclave.media.support.MediaTier;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.WorkerId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SFU room allocations")
class MediaAllocationsTest {

    private static final RoomId ROOM = new RoomId("standup");
    private static final ParticipantId ALICE = new ParticipantId("alice");
    private static final ParticipantId BOB = new ParticipantId("bob");

    private final MediaTier tier = new MediaTier("kms-a", "kms-b");

    @AfterEach
    void close() {
        tier.close();
    }

    private FakeMediaWorkerClient worker(String id) {
        return tier.fakes.client(id);
    }

    @Nested
    @DisplayName("publishing and subscribing")
    class Negotiation {

        @Test
        @DisplayName("a publish places the room, answers the offer and reports the endpoint's candidates")
        void publish() {
            MediaAllocations.Answer answer = tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            assertThat(answer.worker()).isEqualTo(new WorkerId("kms-a"));
            assertThat(answer.sdpAnswer()).contains("a=fake-answer:");
            assertThat(worker("kms-a").pipelines()).hasSize(1);
            assertThat(worker("kms-a").endpoints()).containsValue(EndpointKey.publisher(ROOM, ALICE));
            assertThat(tier.events(MediaEvent.IceCandidateFound.class)).extracting(MediaEvent.IceCandidateFound::endpoint)
                    .containsExactly(EndpointKey.publisher(ROOM, ALICE));
            assertThat(tier.store.rooms()).hasSize(1);
            assertThat(tier.store.endpoints(ROOM)).hasSize(1);
        }

        @Test
        @DisplayName("a subscription is fed by the publisher's endpoint on the same pipeline")
        void subscribe() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            assertThat(worker("kms-a").connections).hasSize(1);
            assertThat(worker("kms-a").endpoints()).containsValue(EndpointKey.subscription(ROOM, BOB, ALICE));
            assertThat(worker("kms-b").pipelines()).isEmpty();
        }

        @Test
        @DisplayName("subscribing again replaces the earlier subscription")
        void resubscribe() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            assertThat(worker("kms-a").endpoints()).hasSize(2);
            assertThat(tier.store.endpoints(ROOM)).hasSize(2);
        }

        @Test
        @DisplayName("ICE candidates reach the endpoint they name")
        void iceCandidates() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            IceCandidate candidate = new IceCandidate("candidate:2 1 UDP 1 10.0.0.2 5000 typ host", "0", 0);
            tier.allocations.addIceCandidate(EndpointKey.publisher(ROOM, ALICE), candidate);
            assertThat(worker("kms-a").candidatesAdded).containsExactly(candidate);
        }
    }

    @Nested
    @DisplayName("refuses with a reason")
    class Refusals {

        @Test
        @DisplayName("publishing twice")
        void publishTwice() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            assertThatThrownBy(() -> tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER))
                    .isInstanceOfSatisfying(MediaRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_PUBLISHING));
        }

        @Test
        @DisplayName("subscribing to oneself, or to someone who does not publish")
        void subscribeWrongly() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            assertThatThrownBy(() -> tier.allocations.subscribe(ROOM, ALICE, ALICE, MediaTier.OFFER))
                    .isInstanceOfSatisfying(MediaRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.SUBSCRIBE_TO_SELF));
            assertThatThrownBy(() -> tier.allocations.subscribe(ROOM, ALICE, BOB, MediaTier.OFFER))
                    .isInstanceOfSatisfying(MediaRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PUBLISHING));
            assertThatThrownBy(() -> tier.allocations.subscribe(new RoomId("nowhere"), ALICE, BOB, MediaTier.OFFER))
                    .isInstanceOfSatisfying(MediaRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PUBLISHING));
        }

        @Test
        @DisplayName("an offer the media server cannot parse, leaving no endpoint behind")
        void badOffer() {
            assertThatThrownBy(() -> tier.allocations.publish(ROOM, ALICE, "v=0\r\nm=garbage\r\n"))
                    .isInstanceOfSatisfying(MediaRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SDP));
            assertThat(worker("kms-a").endpoints()).isEmpty();
            assertThat(tier.store.endpoints(ROOM)).isEmpty();
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
        }

        @Test
        @DisplayName("an ICE candidate for an endpoint that does not exist")
        void unknownEndpoint() {
            IceCandidate candidate = new IceCandidate("candidate:2 1 UDP 1 10.0.0.2 5000 typ host", "0", 0);
            assertThatThrownBy(() -> tier.allocations.addIceCandidate(EndpointKey.publisher(ROOM, BOB), candidate))
                    .isInstanceOfSatisfying(MediaRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ENDPOINT));
        }

        @Test
        @DisplayName("any room when no worker is up")
        void noWorker() {
            tier.fakes.kill("kms-a");
            tier.fakes.kill("kms-b");
            tier.probe(2);
            assertThatThrownBy(() -> tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER))
                    .isInstanceOf(NoMediaWorkerAvailableException.class);
        }
    }

    @Nested
    @DisplayName("releasing")
    class Releasing {

        @Test
        @DisplayName("unpublishing releases the publisher and every subscription to it")
        void unpublish() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            tier.allocations.publish(ROOM, BOB, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, ALICE, BOB, MediaTier.OFFER);
            assertThat(tier.allocations.unpublish(ROOM, ALICE)).isEqualTo(2);
            assertThat(worker("kms-a").endpoints()).containsOnlyKeys(
                    tier.store.endpoints(ROOM).stream().map(AllocationStore.StoredEndpoint::endpointId)
                            .toArray(String[]::new));
            assertThat(worker("kms-a").endpoints().values()).containsExactlyInAnyOrder(
                    EndpointKey.publisher(ROOM, BOB), EndpointKey.subscription(ROOM, ALICE, BOB));
        }

        @Test
        @DisplayName("a leaving participant takes its publisher, its subscriptions and those to it")
        void participant() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            tier.allocations.publish(ROOM, BOB, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER);
            tier.allocations.subscribe(ROOM, ALICE, BOB, MediaTier.OFFER);
            assertThat(tier.allocations.releaseParticipant(ROOM, ALICE)).isEqualTo(3);
            assertThat(worker("kms-a").endpoints().values()).containsExactly(EndpointKey.publisher(ROOM, BOB));
            assertThat(tier.workers.get(new WorkerId("kms-a")).endpoints()).isEqualTo(1);
        }

        @Test
        @DisplayName("releasing the room releases its pipeline; again is a no-op")
        void room() {
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            assertThat(tier.allocations.releaseRoom(ROOM)).isEqualTo(1);
            assertThat(worker("kms-a").pipelines()).isEmpty();
            assertThat(tier.store.rooms()).isEmpty();
            assertThat(tier.workers.get(new WorkerId("kms-a")).rooms()).isZero();
            assertThat(tier.allocations.releaseRoom(ROOM)).isZero();
        }
    }

    @Nested
    @DisplayName("with a failing worker")
    class FailingWorker {

        @Test
        @DisplayName("a new room goes to the next worker when the first cannot make its pipeline")
        void nextWorker() {
            tier.fakes.kill("kms-a");
            MediaAllocations.Answer answer = tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            assertThat(answer.worker()).isEqualTo(new WorkerId("kms-b"));
        }

        @Test
        @DisplayName("a slow worker's calls are cut off at the time limit, and its breaker opens; other rooms go on")
        void slowWorker() {
            RoomId other = new RoomId("other");
            tier.allocations.publish(ROOM, ALICE, MediaTier.OFFER);
            tier.allocations.publish(other, ALICE, MediaTier.OFFER);
            assertThat(tier.allocations.workerOf(other)).contains(new WorkerId("kms-b"));
            tier.fakes.slowDown("kms-a", Duration.ofSeconds(2));
            var breaker = tier.breakers.circuitBreaker("kms-a");
            int timeouts = 0;
            while (breaker.getState() == CircuitBreaker.State.CLOSED && timeouts < 10) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER))
                        .isInstanceOf(MediaWorkerFailedException.class).hasMessageContaining("timed out");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                timeouts++;
            }
            assertThat(timeouts).as("timeouts before the breaker opened").isBetween(1, 4);
            long started = System.nanoTime();
            assertThatThrownBy(() -> tier.allocations.subscribe(ROOM, BOB, ALICE, MediaTier.OFFER))
                    .isInstanceOf(MediaWorkerFailedException.class).hasMessageContaining("circuit breaker open");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            tier.allocations.subscribe(other, BOB, ALICE, MediaTier.OFFER);
        }
    }
}
