package dev.conclave.media.faults;

import static dev.conclave.testing.faults.Percentiles.max;
import static dev.conclave.testing.faults.Percentiles.p50;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.conclave.media.support.MediaTier;
import dev.conclave.media.support.StoredMediaWorkers;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.media.MediaAllocationClient;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.testing.Pause;
import dev.conclave.testing.PostgresServer;
import dev.conclave.testing.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * media-service killed (SIGKILL) under a live SFU room, again and again, with signaling's real gRPC client and event
 * stream on the other side. Its workers are {@link StoredMediaWorkers}: what they hold lives outside the killed
 * process, as a media server's pipelines do, so the test can tell whether media would have kept flowing and whether
 * the restarted service reattached to the room or remade it. Prints a {@code [fault]} line with the figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("media-service killed (SIGKILL) mid-call")
class MediaServiceKillIT {

    private static final int KILLS = 3;
    private static final Duration START_PATIENCE = Duration.ofSeconds(120);
    private static final Duration FIRST_PROBE_DELAY = Duration.ofMillis(700);
    private static final ParticipantId ALICE = new ParticipantId("alice");
    private static final ParticipantId BOB = new ParticipantId("bob");

    private final RoomId room = new RoomId("killed-mid-call");
    private JdbcTemplate jdbc;
    private MediaServiceProcess mediaService;
    private SignalingSide signaling;

    @BeforeAll
    void start() throws IOException {
        PostgresServer database = TestPostgres.database("media_kill");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password()));
        jdbc.execute("DROP SCHEMA IF EXISTS media CASCADE");
        StoredMediaWorkers.createTables(jdbc);
        int grpcPort = freePort();
        Map<String, String> properties = StoredWorkersMediaService.settings(database, grpcPort);
        // each worker is slow to answer the restarted service's first probe, though within probe-timeout (1 s)
        properties.put("conclave.test.fake-kms.first-probe-delay", FIRST_PROBE_DELAY.toString());
        mediaService = new MediaServiceProcess(properties, freePort(),
                Path.of("target", "media-service-kill", "media-service.log"));
        mediaService.start();
        mediaService.awaitReady(START_PATIENCE);
        signaling = new SignalingSide(grpcPort);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (signaling != null) {
            signaling.close();
        }
        if (mediaService != null) {
            mediaService.close();
        }
    }

    @Test
    @DisplayName("calls fail fast with SFU_UNAVAILABLE while it is away, the worker's endpoints are untouched, and once"
            + " back it reattaches to the room's pipeline and endpoints: no room moved, no renegotiate, no endpoint"
            + " made again; new subscriptions and the event stream work")
    void killedMidCall() throws Exception {
        MediaAllocationClient media = signaling.media;
        String worker = media.publish(room, ALICE, MediaTier.OFFER).worker();
        media.publish(room, BOB, MediaTier.OFFER);
        media.subscribe(room, BOB, ALICE, MediaTier.OFFER);
        media.subscribe(room, ALICE, BOB, MediaTier.OFFER);
        await().atMost(Duration.ofSeconds(5)).until(() -> signaling.delivered("ice " + room + " " + ALICE + " <- " + BOB));
        String pipeline = livePipeline();
        Map<String, String> endpoints = liveEndpoints();
        assertThat(endpoints).hasSize(4);

        List<Long> recoveries = new ArrayList<>();
        List<Long> afterReady = new ArrayList<>();
        List<Long> failures = new ArrayList<>();
        int lostRooms = 0;
        int remade = 0;
        for (int run = 1; run <= KILLS; run++) {
            mediaService.kill();

            for (int call = 0; call < 6; call++) {
                failures.add(failsWithSfuUnavailable(() -> media.subscribe(room, new ParticipantId("away"), ALICE,
                        MediaTier.OFFER)));
                failures.add(failsWithSfuUnavailable(() -> media.publishers(room)));
            }
            assertThat(liveEndpoints()).as("the worker's endpoints while media-service is away").isEqualTo(endpoints);
            assertThat(livePipeline()).isEqualTo(pipeline);

            long restarted = System.nanoTime();
            mediaService.start();
            ParticipantId carol = new ParticipantId("carol-" + run);
            long[] ready = new long[1];
            Thread readiness = new Thread(() -> {
                mediaService.awaitReady(START_PATIENCE);
                ready[0] = System.nanoTime();
            });
            readiness.start();
            MediaAllocationClient.Answer answer = firstSuccess(() -> media.subscribe(room, carol, ALICE,
                    MediaTier.OFFER));
            long recovered = System.nanoTime();
            readiness.join();
            recoveries.add(millis(recovered - restarted));
            afterReady.add(Math.max(0, millis(recovered - ready[0])));

            assertThat(Duration.ofMillis(afterReady.get(afterReady.size() - 1)))
                    .as("from ready to the first successful call: at most the event stream's retry, the breaker's"
                            + " open state and a probe")
                    .isLessThan(signaling.settings.streamRetry().plus(signaling.breakerOpenState()).plusSeconds(2));
            assertThat(answer.worker()).as("the room's worker after restart %d", run).isEqualTo(worker);
            assertThat(answer.sdpAnswer()).as("the new subscription is on the room's pipeline").contains(pipeline);
            assertThat(livePipeline()).isEqualTo(pipeline);
            Map<String, String> now = liveEndpoints();
            assertThat(now).as("the endpoints after restart %d", run).containsAllEntriesOf(endpoints);
            remade += madeAgain(endpoints);
            assertThat(remade).as("endpoints made again for keys that had one").isZero();
            assertThat(watchedBy(mediaService.pid())).as("endpoints listened to again by the restarted process")
                    .containsAll(endpoints.values());
            String stored = jdbc.queryForObject("SELECT pipeline_id FROM media.media_room WHERE room_id = ?",
                    String.class, room.value());
            lostRooms += pipeline.equals(stored) ? 0 : 1;
            assertThat(stored).as("the stored allocation").isEqualTo(pipeline);
            assertThat(media.publishers(room).participants()).containsExactly(ALICE, BOB);
            assertThat(signaling.renegotiations()).as("renegotiations").isEmpty();
            await("the event stream delivers again").atMost(Duration.ofSeconds(10))
                    .until(() -> signaling.delivered("ice " + room + " " + carol + " <- " + ALICE));
            endpoints = liveEndpoints();
        }

        System.out.printf("[fault] media-service killed (SIGKILL, %d runs): calls meanwhile SFU_UNAVAILABLE in p50 %d ms,"
                        + " max %d ms; first successful call after restart p50 %d ms, max %d ms over %d runs (after"
                        + " ready: p50 %d ms, max %d ms); rooms lost %d, endpoints recreated %d, renegotiate 0%n",
                KILLS, p50(failures), max(failures), p50(recoveries), max(recoveries), KILLS, p50(afterReady),
                max(afterReady), lostRooms, remade);
    }

    /** The call fails with SFU_UNAVAILABLE, within the call timeout; returns how long it took. */
    private long failsWithSfuUnavailable(Runnable call) {
        long started = System.nanoTime();
        try {
            call.run();
            fail("a call succeeded while media-service was killed");
        } catch (ConclaveException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.SFU_UNAVAILABLE);
        }
        long took = millis(System.nanoTime() - started);
        assertThat(Duration.ofMillis(took)).as("a call while media-service is away")
                .isLessThan(signaling.settings.callTimeout());
        return took;
    }

    /** Calls until a call succeeds; every failure meanwhile must be SFU_UNAVAILABLE (a retryable one). */
    private <T> T firstSuccess(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return call.get();
            } catch (ConclaveException e) {
                assertThat(e.code()).as("a call while media-service restarts: " + e.getMessage())
                        .isEqualTo(ErrorCode.SFU_UNAVAILABLE);
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new AssertionError("no call succeeded within " + START_PATIENCE + "\n" + mediaService.tail());
    }

    private String livePipeline() {
        List<String> pipelines = jdbc.queryForList("SELECT id FROM fake_kms.pipeline WHERE room = ?"
                + " AND released_by IS NULL", String.class, room.value());
        assertThat(pipelines).as("the room's live pipelines on the workers").hasSize(1);
        return pipelines.get(0);
    }

    /** The room's live endpoints on the workers: key to endpoint id. */
    private Map<String, String> liveEndpoints() {
        Map<String, String> live = new LinkedHashMap<>();
        jdbc.query("SELECT endpoint_key, id FROM fake_kms.endpoint WHERE room = ? AND released_by IS NULL"
                + " AND participant NOT LIKE 'carol-%'", row -> {
            live.put(row.getString(1), row.getString(2));
        }, room.value());
        return live;
    }

    /** Endpoints made for any of these keys besides the ones given. */
    private int madeAgain(Map<String, String> endpoints) {
        int made = 0;
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            Integer count = jdbc.queryForObject("SELECT count(*) FROM fake_kms.endpoint WHERE endpoint_key = ?"
                    + " AND id <> ?", Integer.class, endpoint.getKey(), endpoint.getValue());
            made += count == null ? 0 : count;
        }
        return made;
    }

    private List<String> watchedBy(long pid) {
        return jdbc.queryForList("SELECT endpoint FROM fake_kms.watch WHERE by_pid = ?", String.class, pid);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }


}
