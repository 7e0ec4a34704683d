package dev.conclave.media;

import static dev.conclave.testing.faults.Percentiles.max;
import static dev.conclave.testing.faults.Percentiles.p50;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.media.faults.SignalingSide;
import dev.conclave.media.support.MediaTier;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.testing.Pause;
import dev.conclave.testing.faults.FaultProxy;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.ReleaseRoomRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The network between signaling and media-service breaks ({@link FaultProxy} between signaling's real gRPC client
 * and event stream and a running media-service on fake workers), with the settings signaling-service ships
 * ({@code conclave.signaling.media.*}, {@code resilience4j.*.configs.media-service}). Each fault prints a
 * {@code [fault]} line: how calls failed, and how long after {@code restore()} the first call succeeded.
 */
@DisplayName("signaling's media client when the network to media-service breaks")
class SignalingToMediaFaultsIT extends RunningMediaService {

    private static final ParticipantId ALICE = new ParticipantId("alice");

    private FaultProxy proxy;
    private SignalingSide signaling;
    private RoomId room;

    @BeforeEach
    void connect() {
        proxy = FaultProxy.start("signaling-media", grpcPort.port());
        signaling = new SignalingSide(proxy.port());
        room = new RoomId("faults-" + UUID.randomUUID().toString().substring(0, 8));
        signaling.media.publish(room, ALICE, MediaTier.OFFER);
        await().atMost(Duration.ofSeconds(5)).until(() -> signaling.delivered("ice " + room + " " + ALICE + " <- self"));
    }

    /** The room goes, straight to media-service: the workers are shared with the other test classes. */
    @AfterEach
    void disconnect() throws InterruptedException {
        signaling.close();
        proxy.close();
        ManagedChannel direct = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort.port()).usePlaintext().build();
        try {
            MediaAllocationGrpc.newBlockingStub(direct).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .releaseRoom(ReleaseRoomRequest.newBuilder().setRoomId(room.value()).build());
        } finally {
            direct.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Duration callTimeout() {
        return signaling.settings.callTimeout();
    }

    @Nested
    @DisplayName("with latency")
    class Latency {

        @Test
        @DisplayName("of 200 ms per chunk each way, calls succeed, slower, well within the call timeout")
        void slowButWorking() {
            proxy.latency(Duration.ofMillis(200));
            List<Long> took = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ParticipantId bob = new ParticipantId("bob-" + i);
                took.add(timed(() -> signaling.media.publish(room, bob, MediaTier.OFFER)));
                took.add(timed(() -> signaling.media.subscribe(room, bob, ALICE, MediaTier.OFFER)));
            }
            assertThat(signaling.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(Duration.ofMillis(max(took))).isLessThan(callTimeout());
            System.out.printf("[fault] signaling->media-service latency 200 ms/chunk: %d calls succeeded, p50 %d ms,"
                    + " max %d ms; breaker closed%n", took.size(), p50(took), max(took));
        }
    }

    @Nested
    @DisplayName("when the path stalls")
    class Stall {

        @Test
        @DisplayName("calls fail with SFU_UNAVAILABLE at the call timeout, idempotent ones after one retry; the breaker"
                + " opens and fails fast; after restore calls succeed once the breaker lets them, and a publish that"
                + " timed out can be made again (after an unpublish, as the page does, if the stalled one went through"
                + " once the path cleared)")
        void stall() throws Exception {
            proxy.stall();
            List<ParticipantId> timedOut = breakerOpensUnder("stall");
            long restored = System.nanoTime();
            proxy.restore();
            ParticipantId retried = timedOut.get(0);
            long recovered = firstSuccess(() -> publishAgain(retried), restored);
            int lost = eventsFlow(retried);
            System.out.printf("[fault] signaling->media-service stall: first call after restore %d ms (breaker open"
                    + " %d ms); candidates lost %d%n", recovered, signaling.breakerOpenState().toMillis(), lost);
        }
    }

    @Nested
    @DisplayName("when the path is a black hole")
    class BlackHole {

        @Test
        @DisplayName("calls fail with SFU_UNAVAILABLE at the call timeout; the breaker opens and fails fast; after"
                + " restore the event stream reconnects by itself and calls succeed")
        void blackHole() throws Exception {
            proxy.blackHole();
            List<ParticipantId> timedOut = breakerOpensUnder("black hole");
            long restored = System.nanoTime();
            proxy.restore();
            ParticipantId retried = timedOut.get(0);
            long recovered = firstSuccess(() -> publishAgain(retried), restored);
            int lost = eventsFlow(retried);
            System.out.printf("[fault] signaling->media-service black hole: first call after restore %d ms (breaker"
                    + " open %d ms); candidates lost while the stream reopened %d%n", recovered,
                    signaling.breakerOpenState().toMillis(), lost);
        }
    }

    @Nested
    @DisplayName("when connections are reset")
    class Reset {

        @Test
        @DisplayName("a call in flight fails at once with SFU_UNAVAILABLE, the next ones succeed, and the event stream"
                + " reconnects by itself")
        void reset() throws Exception {
            proxy.latency(Duration.ofMillis(1500));
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try {
                ParticipantId bob = new ParticipantId("bob");
                Future<Long> inFlight = caller.submit(() -> failsWith(() -> signaling.media.publish(room, bob,
                        MediaTier.OFFER)));
                Pause.of(Duration.ofMillis(500));
                long reset = System.nanoTime();
                proxy.resetAll();
                long failed = inFlight.get();
                proxy.restore();
                assertThat(Duration.ofMillis(failed)).isLessThan(callTimeout());
                ParticipantId carol = new ParticipantId("carol");
                long recovered = firstSuccess(() -> signaling.media.publish(room, carol, MediaTier.OFFER), reset);
                int lost = eventsFlow(carol);
                System.out.printf("[fault] signaling->media-service reset: the call in flight failed after %d ms;"
                        + " first call after the reset succeeded at %d ms; publishes whose ICE candidates were lost"
                        + " while the event stream reopened: %d%n", failed, recovered, lost);
            } finally {
                caller.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("when connections are refused")
    class Refused {

        @Test
        @DisplayName("calls fail fast with SFU_UNAVAILABLE, the breaker opens after the configured failures, and after"
                + " restore the channel reconnects by itself: calls and events flow again")
        void refused() throws Exception {
            proxy.refuse();
            List<Long> failures = new ArrayList<>();
            while (signaling.breaker.getState() != CircuitBreaker.State.OPEN) {
                failures.add(failsWith(() -> signaling.media.publish(room, new ParticipantId("p-" + failures.size()),
                        MediaTier.OFFER)));
                assertThat(failures).as("failures before the breaker opens (minimum-number-of-calls counts the"
                        + " earlier success)").hasSizeLessThanOrEqualTo(minimumCalls());
            }
            long heldOff = failsWith(() -> signaling.media.publish(room, new ParticipantId("held"), MediaTier.OFFER));
            assertThat(heldOff).isLessThan(100);
            long restored = System.nanoTime();
            proxy.restore();
            ParticipantId dave = new ParticipantId("dave");
            long recovered = firstSuccess(() -> signaling.media.publish(room, dave, MediaTier.OFFER), restored);
            int lost = eventsFlow(dave);
            System.out.printf("[fault] signaling->media-service refused: %d calls failed in p50 %d ms, max %d ms, then"
                            + " the breaker failed them in %d ms; first call after restore %d ms; candidates lost %d%n",
                    failures.size(), p50(failures), max(failures), heldOff, recovered, lost);
        }
    }

    private int minimumCalls() {
        return signaling.breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls();
    }

    /**
     * Under a fault that never answers: the breaker's minimum of publishes at once each fail at the call timeout with
     * SFU_UNAVAILABLE; an idempotent call fails after its one retry; the open breaker then fails calls at once.
     * Returns the participants whose publish timed out.
     */
    private List<ParticipantId> breakerOpensUnder(String fault) throws Exception {
        int calls = minimumCalls();
        ExecutorService callers = Executors.newFixedThreadPool(calls + 1);
        try {
            List<ParticipantId> participants = new ArrayList<>();
            List<Future<Long>> publishes = new ArrayList<>();
            for (int i = 0; i < calls - 1; i++) {
                ParticipantId participant = new ParticipantId("timed-out-" + i);
                participants.add(participant);
                publishes.add(callers.submit(() -> failsWith(() -> signaling.media.publish(room, participant,
                        MediaTier.OFFER))));
            }
            AtomicInteger retried = new AtomicInteger();
            signaling.retry.getEventPublisher().onRetry(event -> retried.incrementAndGet());
            Future<Long> listing = callers.submit(() -> failsWith(() -> signaling.media.publishers(room)));
            List<Long> took = new ArrayList<>();
            for (Future<Long> publish : publishes) {
                took.add(publish.get());
            }
            long listed = listing.get();
            Duration timeout = callTimeout();
            assertThat(took).allSatisfy(ms -> assertThat(Duration.ofMillis(ms)).isBetween(timeout.minusMillis(200),
                    timeout.plusSeconds(1)));
            assertThat(retried).as("the idempotent listing was tried again, the publishes not").hasValue(1);
            assertThat(Duration.ofMillis(listed)).as("an idempotent call: its second attempt may meet the open breaker")
                    .isBetween(timeout, timeout.multipliedBy(2).plusSeconds(2));
            assertThat(signaling.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            long heldOff = failsWith(() -> signaling.media.publish(room, new ParticipantId("held"), MediaTier.OFFER));
            assertThat(heldOff).as("a call while the breaker is open").isLessThan(100);
            System.out.printf("[fault] signaling->media-service %s: %d publishes failed SFU_UNAVAILABLE in p50 %d ms,"
                            + " max %d ms (call-timeout %d ms, not retried); the idempotent listing in %d ms (retried"
                            + " once); then the open breaker failed a call in %d ms%n", fault, took.size(), p50(took),
                    max(took), timeout.toMillis(), listed, heldOff);
            return participants;
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * Events flow again: {@code publisher}'s candidate, or, if it was sent while the stream was still broken, that of
     * a later publish. Returns how many publishes' candidates were lost that way.
     */
    private int eventsFlow(ParticipantId publisher) {
        int lost = 0;
        ParticipantId latest = publisher;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ParticipantId awaited = latest;
            try {
                await("the event stream delivers").atMost(Duration.ofSeconds(2))
                        .until(() -> signaling.delivered("ice " + room + " " + awaited + " <- self"));
                assertThat(lost).as("publishes whose candidates were lost while the stream reopened").isZero();
                return lost;
            } catch (org.awaitility.core.ConditionTimeoutException notDelivered) {
                lost++;
                latest = new ParticipantId(publisher + "-again-" + lost);
                signaling.media.publish(room, latest, MediaTier.OFFER);
            }
        }
        throw new AssertionError("the event stream delivered nothing within 10 s");
    }

    /** The call fails with SFU_UNAVAILABLE; returns how long it took (ms). */
    private static long failsWith(Runnable call) {
        long started = System.nanoTime();
        try {
            call.run();
        } catch (ConclaveException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.SFU_UNAVAILABLE);
            return (System.nanoTime() - started) / 1_000_000;
        }
        throw new AssertionError("the call succeeded through the fault");
    }

    /**
     * Publishes again after a publish timed out. A stall holds the timed-out request, not drops it: once the path
     * clears, media-service may still receive and carry it out, so the participant may be publishing already — the
     * page then unpublishes and publishes afresh, and so does this.
     */
    private Object publishAgain(ParticipantId participant) {
        try {
            return signaling.media.publish(room, participant, MediaTier.OFFER);
        } catch (ConclaveException e) {
            if (e.code() != ErrorCode.ALREADY_PUBLISHING) {
                throw e;
            }
            signaling.media.unpublish(room, participant);
            return signaling.media.publish(room, participant, MediaTier.OFFER);
        }
    }

    /** Calls until one succeeds (every failure SFU_UNAVAILABLE); returns ms from {@code since} to the success. */
    private long firstSuccess(Supplier<?> call, long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                call.get();
                return (System.nanoTime() - since) / 1_000_000;
            } catch (ConclaveException e) {
                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.SFU_UNAVAILABLE);
            }
            Pause.of(Duration.ofMillis(100));
        }
        throw new AssertionError("no call succeeded within 30 s of restore()");
    }

    private static long timed(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return (System.nanoTime() - started) / 1_000_000;
    }


}
