package dev.conclave.media.faults;

import static dev.conclave.testing.faults.Percentiles.max;
import static dev.conclave.testing.faults.Percentiles.p50;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEvent;
import dev.conclave.media.kurento.KmsResponder;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerProperties;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerState;
import dev.conclave.testing.Pause;
import dev.conclave.testing.faults.FaultProxy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The network between media-service and a Kurento Media Server breaks ({@link FaultProxy} between the real Kurento
 * adapter and a {@link KmsResponder} answering only with recorded real-KMS exchanges), in the media tier wired with
 * the settings media-service ships: {@code call-timeout} 5 s, the worker's breaker ({@code resilience4j…configs.kms}),
 * probes every 2 s, lost after 2 missed. Worker {@code kms-a} is behind the proxy, {@code kms-b} is reached directly
 * and takes kms-a's rooms when kms-a is lost. Each fault runs {@link #RUNS} times, each on a fresh tier (so each
 * breaker starts with an empty window), and prints a {@code [fault]} line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("media-service's Kurento workers when the network to one breaks")
class MediaToKmsFaultsIT {

    private static final int RUNS = 3;
    private static final WorkerId A = new WorkerId("kms-a");
    private static final WorkerId B = new WorkerId("kms-b");
    /** Rooms whose pipeline the recordings name, made and released as recorded (release.json, released-pipeline.json). */
    private static final RoomId ROOM = new RoomId("rec-release");
    private static final String CALL_ROOM = "rec-released-pipeline";

    private KmsResponder kmsA;
    private KmsResponder kmsB;
    private FaultProxy proxy;
    private ConfiguredKurentoTier tier;

    @BeforeAll
    void startWorkers() {
        kmsA = KmsResponder.answeringFromEveryRecording();
        kmsB = KmsResponder.answeringFromEveryRecording();
        proxy = FaultProxy.start("media-kms", kmsA.getPort());
    }

    @AfterAll
    void stopWorkers() throws InterruptedException {
        proxy.close();
        kmsA.close();
        kmsB.close();
        assertThat(kmsA.refusals()).as("requests to kms-a no recording has").isEmpty();
        assertThat(kmsB.refusals()).as("requests to kms-b no recording has").isEmpty();
    }

    @BeforeEach
    void tierUp() {
        proxy.restore();
        newTier();
    }

    @AfterEach
    void tierDown() throws InterruptedException {
        proxy.restore();
        tier.close();
    }

    private void newTier() {
        tier = new ConfiguredKurentoTier(List.of(
                new MediaWorkerProperties.Worker(A.value(), "ws://" + proxy.hostPort() + "/kurento"),
                new MediaWorkerProperties.Worker(B.value(), kmsB.url().toString())));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(A) == WorkerState.UP && state(B) == WorkerState.UP);
    }

    private WorkerState state(WorkerId worker) {
        return tier.workers.get(worker).state();
    }

    private Duration callTimeout() {
        return tier.settings.callTimeout();
    }

    /** The room placed on kms-a (kms-b draining meanwhile): one pipeline made there through the proxy. */
    private void roomOnA() {
        tier.workers.drain(B, true);
        try {
            assertThat(tier.allocations.allocate(ROOM).worker()).isEqualTo(A);
        } finally {
            tier.workers.drain(B, false);
        }
    }

    /** A call to kms-a through its guards: a pipeline made (create, setName), as for a room placed there. */
    private void callA() {
        tier.workers.client(A).createPipeline(CALL_ROOM);
    }

    @Nested
    @DisplayName("with latency")
    class Latency {

        @Test
        @DisplayName("of 100 ms per chunk each way for three probe rounds, calls succeed, slower, within the call"
                + " timeout; the breaker stays closed, the worker up, its room where it was")
        void slowButWorking() {
            List<Long> took = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                if (run > 0) {
                    renew();
                }
                roomOnA();
                proxy.latency(Duration.ofMillis(100));
                long until = System.nanoTime() + tier.settings.probeInterval().multipliedBy(3).toNanos();
                while (System.nanoTime() < until) {
                    took.add(timed(MediaToKmsFaultsIT.this::callA));
                }
                proxy.restore();
                assertThat(tier.breaker(A.value()).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
                assertUntouched();
                tier.allocations.releaseRoom(ROOM);
            }
            assertThat(Duration.ofMillis(max(took))).isLessThan(callTimeout());
            System.out.printf("[fault] media-service↔KMS latency 100 ms/chunk for 3 probe rounds: %d calls succeeded,"
                    + " p50 %d ms, max %d ms over %d runs; breaker closed, worker up, no room moved%n", took.size(),
                    p50(took), max(took), RUNS);
        }

        @Test
        @DisplayName("of 1.5 s per chunk for 1.5 s misses at most one probe: the worker is not lost and its room not"
                + " moved; calls succeed again after it")
        void briefSpike() {
            List<Long> recovered = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                if (run > 0) {
                    renew();
                }
                roomOnA();
                proxy.latency(Duration.ofMillis(1500));
                Pause.of(Duration.ofMillis(1500));
                long restored = System.nanoTime();
                proxy.restore();
                recovered.add(firstSuccess(restored));
                Pause.of(tier.settings.probeInterval().multipliedBy(2));
                assertUntouched();
                tier.allocations.releaseRoom(ROOM);
            }
            System.out.printf("[fault] media-service↔KMS latency spike 1.5 s/chunk for 1.5 s: worker not lost, no room"
                    + " moved; first call after it p50 %d ms, max %d ms over %d runs%n", p50(recovered),
                    max(recovered), RUNS);
        }
    }

    @Nested
    @DisplayName("when the path stalls")
    class Stall {

        @Test
        @DisplayName("calls fail with MediaWorkerFailedException within the call timeout, the breaker opens and fails"
                + " fast, the worker is lost after 2 missed probes and only then its room moves; after restore it is"
                + " probed up and calls succeed")
        void stall() {
            breaks("stall", FaultProxy::stall);
        }
    }

    @Nested
    @DisplayName("when the path is a black hole")
    class BlackHole {

        @Test
        @DisplayName("calls fail within the call timeout, the breaker opens, the worker is lost after 2 missed probes"
                + " and only then its room moves; after restore it is probed up and calls succeed")
        void blackHole() {
            breaks("black hole", FaultProxy::blackHole);
        }
    }

    @Nested
    @DisplayName("when connections are refused")
    class Refused {

        @Test
        @DisplayName("calls fail at once, the breaker opens, the worker is lost after 2 missed probes and only then its"
                + " room moves; after restore it is probed up and calls succeed")
        void refused() {
            breaks("refused", FaultProxy::refuse);
        }
    }

    @Nested
    @DisplayName("when the connection is reset")
    class Reset {

        @Test
        @DisplayName("a call in flight fails at once with MediaWorkerFailedException; the next probe connects again, "
                + "the worker stays up and keeps its room (nothing moves, nobody renegotiates), and calls succeed")
        void reset() throws Exception {
            List<Long> failed = new ArrayList<>();
            List<Long> recovered = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                if (run > 0) {
                    renew();
                }
                roomOnA();
                proxy.latency(Duration.ofMillis(1000));
                ExecutorService caller = Executors.newSingleThreadExecutor();
                try {
                    Future<Long> inFlight = caller.submit(() -> failsWith(MediaToKmsFaultsIT.this::callA));
                    Pause.of(Duration.ofMillis(300));
                    long reset = System.nanoTime();
                    proxy.resetAll();
                    proxy.restore();
                    failed.add(inFlight.get());
                    recovered.add(firstSuccess(reset));
                } finally {
                    caller.shutdownNow();
                }
                // past the probes that would have taken the worker for lost
                Pause.of(tier.settings.probeInterval().multipliedBy(tier.settings.missedProbes() + 1));
                assertUntouched();
                tier.allocations.releaseRoom(ROOM);
            }
            assertThat(failed).allSatisfy(ms -> assertThat(Duration.ofMillis(ms)).isLessThan(callTimeout()));
            System.out.printf("[fault] media-service↔KMS reset: the call in flight failed in p50 %d ms, max %d ms;"
                            + " calls succeeded again after p50 %d ms, max %d ms over %d runs; worker not lost, no room"
                            + " moved%n", p50(failed), max(failed), p50(recovered), max(recovered), RUNS);
        }
    }

    private void renew() {
        try {
            tier.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        newTier();
    }

    /** The worker stayed up and kept its room: no worker lost, nothing relocated. */
    private void assertUntouched() {
        assertThat(state(A)).isEqualTo(WorkerState.UP);
        assertThat(tier.seen(MediaEvent.WorkerLost.class)).isEmpty();
        assertThat(tier.seen(MediaEvent.RenegotiationNeeded.class)).isEmpty();
        assertThat(tier.allocations.workerOf(ROOM)).contains(A);
    }

    /**
     * A fault that never answers or refuses: the breaker's minimum of calls at once each fail within the call
     * timeout; the breaker opens; a call then fails at once; the worker is lost after its missed probes and its room
     * moves to kms-b only then; after restore it is probed up and a call succeeds.
     */
    private void breaks(String name, Consumer<FaultProxy> fault) {
        List<Long> failed = new ArrayList<>();
        List<Long> fast = new ArrayList<>();
        List<Long> lostAfter = new ArrayList<>();
        List<Long> movedAfter = new ArrayList<>();
        List<Long> upAgain = new ArrayList<>();
        List<Long> recovered = new ArrayList<>();
        int calls = tier.breaker(A.value()).getCircuitBreakerConfig().getMinimumNumberOfCalls();
        for (int run = 0; run < RUNS; run++) {
            if (run > 0) {
                renew();
            }
            roomOnA();
            ExecutorService callers = Executors.newFixedThreadPool(calls);
            try {
                long started = System.nanoTime();
                fault.accept(proxy);
                List<Future<Long>> inFlight = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    inFlight.add(callers.submit(() -> failsWith(MediaToKmsFaultsIT.this::callA)));
                }
                for (Future<Long> call : inFlight) {
                    failed.add(call.get());
                }
                assertThat(tier.breaker(A.value()).getState()).as("after %d failed calls", calls)
                        .isEqualTo(CircuitBreaker.State.OPEN);
                fast.add(failsWith(MediaToKmsFaultsIT.this::callA));
                await().atMost(Duration.ofSeconds(15)).until(() -> !tier.seen(MediaEvent.WorkerLost.class).isEmpty()
                        && !tier.seen(MediaEvent.RenegotiationNeeded.class).isEmpty());
                long lost = tier.seen(MediaEvent.WorkerLost.class).get(0).at();
                long moved = tier.seen(MediaEvent.RenegotiationNeeded.class).get(0).at();
                lostAfter.add((lost - started) / 1_000_000);
                movedAfter.add((moved - started) / 1_000_000);
                assertThat(moved).as("the room moves only once the worker is lost").isGreaterThanOrEqualTo(lost);
                assertThat(tier.allocations.workerOf(ROOM)).contains(B);
                long restored = System.nanoTime();
                proxy.restore();
                await().atMost(Duration.ofSeconds(15)).until(() -> state(A) == WorkerState.UP);
                upAgain.add((System.nanoTime() - restored) / 1_000_000);
                recovered.add(firstSuccess(restored));
                tier.allocations.releaseRoom(ROOM);
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                callers.shutdownNow();
            }
        }
        Duration interval = tier.settings.probeInterval();
        int missed = tier.settings.missedProbes();
        assertThat(failed).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(callTimeout().toMillis() + 500));
        assertThat(fast).allSatisfy(ms -> assertThat(ms).isLessThan(100));
        assertThat(lostAfter).as("lost after %d missed probes, %d ms apart", missed, interval.toMillis())
                .allSatisfy(ms -> assertThat(ms).isBetween(interval.multipliedBy(missed - 1).toMillis(),
                        interval.plus(tier.settings.probeTimeout()).plusSeconds(1).multipliedBy(missed)
                                .plusSeconds(1).toMillis()));
        System.out.printf("[fault] media-service↔KMS %s: %d calls at once failed (MediaWorkerFailedException) in p50"
                        + " %d ms, max %d ms (call-timeout %d ms); breaker open, then a call failed in max %d ms;"
                        + " worker lost after p50 %d ms, max %d ms (%d missed probes, %d ms apart), its room moved"
                        + " after p50 %d ms; after restore up again in p50 %d ms, max %d ms, calls succeed after"
                        + " p50 %d ms, max %d ms over %d runs%n", name, calls, p50(failed), max(failed),
                callTimeout().toMillis(), max(fast), p50(lostAfter), max(lostAfter), missed, interval.toMillis(),
                p50(movedAfter), p50(upAgain), max(upAgain), p50(recovered), max(recovered), RUNS);
    }

    /** The call fails with MediaWorkerFailedException (SFU_UNAVAILABLE at the gRPC edge); returns its ms. */
    private static long failsWith(Runnable call) {
        long started = System.nanoTime();
        try {
            call.run();
        } catch (MediaWorkerFailedException e) {
            return (System.nanoTime() - started) / 1_000_000;
        }
        throw new AssertionError("the call succeeded through the fault");
    }

    /** Calls kms-a until a call succeeds (every failure a MediaWorkerFailedException); ms from {@code since}. */
    private long firstSuccess(long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                callA();
                return (System.nanoTime() - since) / 1_000_000;
            } catch (MediaWorkerFailedException e) {
                Pause.of(Duration.ofMillis(100));
            }
        }
        throw new AssertionError("no call to kms-a succeeded within 30 s");
    }

    private static long timed(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return (System.nanoTime() - started) / 1_000_000;
    }


}
