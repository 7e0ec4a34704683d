package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.rpc.RequestLane.Outcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a connection's request lane")
class RequestLaneTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    @DisplayName("runs a request at once on the calling thread when nothing is on the pool")
    void runsInline() {
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        assertThat(new RequestLane(4).offer(() -> ranOn.add(Thread.currentThread()), false, pool))
                .isEqualTo(Outcome.TAKEN);

        assertThat(ranOn).containsExactly(caller);
    }

    @Test
    @DisplayName("sends a join to the pool, and what comes meanwhile runs after it there, in order")
    void keepsOrderBehindAJoin() throws Exception {
        RequestLane lane = new RequestLane(4);
        CountDownLatch joinMayFinish = new CountDownLatch(1);
        CountDownLatch allRan = new CountDownLatch(3);
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        lane.offer(() -> {
            await(joinMayFinish);
            record("join", allRan, ranOn);
        }, true, pool);
        lane.offer(() -> record("sendMessage", allRan, ranOn), false, pool);
        lane.offer(() -> record("ping", allRan, ranOn), false, pool);
        assertThat(ran).as("nothing ran on the reading thread while the join is out").isEmpty();
        assertThat(lane.waiting()).isEqualTo(2);

        joinMayFinish.countDown();
        assertThat(allRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("join", "sendMessage", "ping");
        assertThat(ranOn).doesNotContain(caller);

        awaitIdle(lane);
        lane.offer(() -> ranOn.add(Thread.currentThread()), false, pool);
        assertThat(ranOn).last().isEqualTo(caller);
    }

    @Test
    @DisplayName("refuses what would wait past its limit, and keeps what it took")
    void full() throws Exception {
        RequestLane lane = new RequestLane(1);
        CountDownLatch joinMayFinish = new CountDownLatch(1);
        CountDownLatch bothRan = new CountDownLatch(2);
        lane.offer(() -> {
            await(joinMayFinish);
            record("join", bothRan, new CopyOnWriteArrayList<>());
        }, true, pool);

        assertThat(lane.offer(() -> record("first", bothRan, new CopyOnWriteArrayList<>()), false, pool))
                .isEqualTo(Outcome.TAKEN);
        assertThat(lane.offer(() -> ran.add("second"), false, pool)).isEqualTo(Outcome.FULL);

        joinMayFinish.countDown();
        assertThat(bothRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("join", "first");
    }

    @Test
    @DisplayName("says so when the pool turns the request away, and runs the next one as if nothing had happened")
    void poolFull() {
        RequestLane lane = new RequestLane(4);
        Executor refusing = task -> {
            throw new RejectedExecutionException("full");
        };

        assertThat(lane.offer(() -> ran.add("join"), true, refusing)).isEqualTo(Outcome.POOL_FULL);
        assertThat(lane.offer(() -> ran.add("ping"), false, refusing)).isEqualTo(Outcome.TAKEN);

        assertThat(ran).containsExactly("ping");
    }

    @Test
    @DisplayName("goes on with the next request when one throws")
    void survivesAFailure() throws Exception {
        RequestLane lane = new RequestLane(4);
        CountDownLatch joinMayFail = new CountDownLatch(1);
        CountDownLatch nextRan = new CountDownLatch(1);
        lane.offer(() -> {
            await(joinMayFail);
            throw new IllegalStateException("broken");
        }, true, pool);
        lane.offer(() -> record("next", nextRan, new CopyOnWriteArrayList<>()), false, pool);

        joinMayFail.countDown();
        assertThat(nextRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("next");
    }

    private void record(String request, CountDownLatch done, List<Thread> ranOn) {
        ran.add(request);
        ranOn.add(Thread.currentThread());
        done.countDown();
    }

    /** The pool's thread leaves the lane just after running its last request. */
    private void awaitIdle(RequestLane lane) throws Exception {
        CountDownLatch idle = new CountDownLatch(1);
        pool.execute(idle::countDown);
        assertThat(idle.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lane.waiting()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
