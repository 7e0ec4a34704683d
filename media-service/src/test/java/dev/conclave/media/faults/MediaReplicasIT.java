package dev.conclave.media.faults;

import static dev.conclave.testing.faults.Percentiles.max;
import static dev.conclave.testing.faults.Percentiles.p50;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Three media-service replicas as processes of their own against one PostgreSQL, on {@link StoredMediaWorkers}
 * (whose pipelines and endpoints outlive a killed replica, as a media server's do), called through signaling's real
 * gRPC client balancing over all three and its event streams: rooms spread over the replicas and every call for a
 * room reaches its owner; placements on several replicas at once respect one worker's room limit; a replica
 * SIGKILLed has its rooms taken over within the lease, reattached with no endpoint made again and no renegotiation;
 * a replica paused past its lease is fenced off the rooms it lost; draining a worker through one replica drains it
 * on all.
 * Prints {@code [fault]} lines with the figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("several media-service replicas")
class MediaReplicasIT {

    private static final int REPLICAS = 3;
    private static final int ROOMS = 9;
    private static final int MAX_ROOMS_PER_WORKER = 8;
    private static final Duration START_PATIENCE = Duration.ofSeconds(150);
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final ParticipantId ALICE = new ParticipantId("alice");
    private static final ParticipantId BOB = new ParticipantId("bob");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private JdbcTemplate jdbc;
    private final List<MediaServiceProcess> replicas = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();
    private final List<String> grpcTargets = new ArrayList<>();
    private final List<RoomId> rooms = IntStream.rangeClosed(1, ROOMS)
            .mapToObj(i -> new RoomId("replicated-" + i)).toList();
    private SignalingSide signaling;

    @BeforeAll
    void start() throws Exception {
        PostgresServer database = TestPostgres.database("media_replicas");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), database.username(),
                database.password()));
        jdbc.execute("DROP SCHEMA IF EXISTS media CASCADE");
        StoredMediaWorkers.createTables(jdbc);
        List<String> targets = new ArrayList<>();
        for (int i = 1; i <= REPLICAS; i++) {
            int grpcPort = freePort();
            int httpPort = freePort();
            Map<String, String> properties = StoredWorkersMediaService.settings(database, grpcPort);
            properties.put("conclave.media.replica.id", "replica-" + i);
            properties.put("conclave.media.replica.lease", LEASE.toString());
            properties.put("conclave.media.max-rooms-per-worker", Integer.toString(MAX_ROOMS_PER_WORKER));
            MediaServiceProcess replica = new MediaServiceProcess(properties, httpPort,
                    Path.of("target", "media-replicas", "replica-" + i + ".log"));
            replicas.add(replica);
            httpPorts.add(httpPort);
            targets.add("127.0.0.1:" + grpcPort);
            grpcTargets.add("127.0.0.1:" + grpcPort);
            // one after another: the first creates the schema, and three JVMs starting at once on two cores crawl
            replica.start();
            replica.awaitReady(START_PATIENCE);
        }
        signaling = new SignalingSide(String.join(",", targets));
        await("a media event stream to every replica").atMost(Duration.ofSeconds(15))
                .until(() -> signaling.streams().size() == REPLICAS);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (signaling != null) {
            signaling.close();
        }
        for (MediaServiceProcess replica : replicas) {
            replica.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("rooms spread over the replicas; each room has one owner, one pipeline, and every call and event for"
            + " it goes through its owner whichever replica the client reached")
    void roomsSpreadAndCallsReachTheirOwner() {
        MediaAllocationClient media = signaling.media;
        for (RoomId room : rooms) {
            media.publish(room, ALICE, MediaTier.OFFER);
            media.publish(room, BOB, MediaTier.OFFER);
            media.subscribe(room, BOB, ALICE, MediaTier.OFFER);
            media.subscribe(room, ALICE, BOB, MediaTier.OFFER);
        }
        Map<String, String> owners = owners();
        assertThat(owners).as("owner of each room").hasSize(ROOMS);
        assertThat(owners.values().stream().distinct().count()).as("replicas owning rooms").isGreaterThan(1);
        for (RoomId room : rooms) {
            assertThat(livePipelines(room)).as("pipelines of %s", room).hasSize(1);
            assertThat(liveEndpoints(room)).as("endpoints of %s", room).hasSize(4);
            assertThat(media.publishers(room).participants()).containsExactly(ALICE, BOB);
            await("the candidates of " + room + " from its owner's stream").atMost(Duration.ofSeconds(10))
                    .until(() -> signaling.delivered("ice " + room + " " + ALICE + " <- " + BOB)
                            && signaling.delivered("ice " + room + " " + BOB + " <- self"));
        }
        assertThat(heldRooms()).as("rooms each replica holds (its gauge)").isEqualTo(countsByOwner(owners));
        System.out.printf("[replicas] %d rooms over %d replicas: %s%n", ROOMS, REPLICAS, countsByOwner(owners));
    }

    @Test
    @Order(2)
    @DisplayName("placements on every replica at once never fill a worker past its room limit")
    void placementsRespectTheLimitAcrossReplicas() throws Exception {
        int free = 2 * MAX_ROOMS_PER_WORKER - ROOMS;
        int asked = free + 5;
        ExecutorService callers = Executors.newFixedThreadPool(asked);
        try {
            List<Callable<Boolean>> publishes = IntStream.range(0, asked).mapToObj(i -> (Callable<Boolean>) () -> {
                try {
                    signaling.media.publish(new RoomId("crowded-" + i), ALICE, MediaTier.OFFER);
                    return true;
                } catch (ConclaveException e) {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.SFU_UNAVAILABLE);
                    return false;
                }
            }).toList();
            long placed = 0;
            for (Future<Boolean> publish : callers.invokeAll(publishes)) {
                placed += publish.get() ? 1 : 0;
            }
            assertThat(placed).as("rooms placed of %d asked with %d places left", asked, free).isEqualTo(free);
        } finally {
            callers.shutdownNow();
        }
        Map<String, Integer> perWorker = livePipelinesPerWorker();
        assertThat(perWorker.values()).as("live pipelines per worker: %s", perWorker)
                .allSatisfy(count -> assertThat(count).isEqualTo(MAX_ROOMS_PER_WORKER));
        for (int i = 0; i < asked; i++) {
            signaling.media.releaseRoom(new RoomId("crowded-" + i));
        }
        assertThat(owners().keySet()).as("owned rooms after the crowded ones were released")
                .containsExactlyInAnyOrderElementsOf(rooms.stream().map(RoomId::value).toList());
    }

    @Test
    @Order(3)
    @DisplayName("a replica SIGKILLed: its rooms are taken over within the lease by the others, reattached to their"
            + " pipelines and endpoints (none made again, no renegotiate), owned once, and served")
    void killedReplicaIsTakenOver() throws Exception {
        Map<String, String> before = owners();
        Map<String, Long> epochs = epochs();
        String victim = countsByOwner(before).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
                .getKey();
        int index = Integer.parseInt(victim.substring("replica-".length())) - 1;
        List<String> orphaned = before.entrySet().stream().filter(owner -> owner.getValue().equals(victim))
                .map(Map.Entry::getKey).toList();
        Map<String, Map<String, String>> endpoints = new LinkedHashMap<>();
        orphaned.forEach(room -> endpoints.put(room, liveEndpoints(new RoomId(room))));

        long killed = System.nanoTime();
        replicas.get(index).kill();
        List<Long> ownedAgain = new ArrayList<>();
        List<Long> servedAgain = new ArrayList<>();
        for (String room : orphaned) {
            await("room " + room + " owned by a live replica").atMost(LEASE.plusSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !victim.equals(owners().get(room)));
            ownedAgain.add(millis(System.nanoTime() - killed));
        }
        for (String room : orphaned) {
            ParticipantId carol = new ParticipantId("carol");
            firstSuccess(() -> signaling.media.subscribe(new RoomId(room), carol, ALICE, MediaTier.OFFER));
            servedAgain.add(millis(System.nanoTime() - killed));
            await("the new subscription's candidate in " + room).atMost(Duration.ofSeconds(10))
                    .until(() -> signaling.delivered("ice " + room + " " + carol + " <- " + ALICE));
        }

        Map<String, String> after = owners();
        assertThat(after.keySet()).as("rooms after the kill").isEqualTo(before.keySet());
        assertThat(after.values()).as("owners after the kill").doesNotContain(victim);
        for (String room : orphaned) {
            assertThat(epochs().get(room)).as("epoch of %s", room).isEqualTo(epochs.get(room) + 1);
            assertThat(livePipelines(new RoomId(room))).hasSize(1);
            Map<String, String> now = liveEndpoints(new RoomId(room));
            now.keySet().removeIf(key -> key.contains("carol"));
            assertThat(now).as("endpoints of %s: the same ones", room).isEqualTo(endpoints.get(room));
        }
        assertThat(signaling.renegotiations()).as("renegotiations").isEmpty();
        Map<String, Integer> held = heldRooms();
        held.remove(victim);
        assertThat(held).as("rooms each live replica holds").isEqualTo(countsByOwner(after));
        assertThat(Duration.ofMillis(max(ownedAgain))).as("takeover").isLessThan(LEASE.plusSeconds(3));
        System.out.printf("[fault] media-service replica SIGKILLed (1 of %d, %d rooms): rooms owned again after p50 %d"
                        + " ms, max %d ms (lease %d ms); first call served again p50 %d ms, max %d ms; endpoints made"
                        + " again 0, renegotiate 0, rooms owned twice 0%n", REPLICAS, orphaned.size(), p50(ownedAgain),
                max(ownedAgain), LEASE.toMillis(), p50(servedAgain), max(servedAgain));
    }

    @Test
    @Order(4)
    @DisplayName("a replica paused past its lease (SIGSTOP) is fenced: once it runs again it changes nothing of the"
            + " rooms taken over meanwhile, forgets them, and passes their calls to the new owner")
    void pausedReplicaIsFenced() throws Exception {
        Map<String, String> before = owners();
        String paused = countsByOwner(before).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
                .getKey();
        int index = Integer.parseInt(paused.substring("replica-".length())) - 1;
        List<String> itsRooms = before.entrySet().stream().filter(owner -> owner.getValue().equals(paused))
                .map(Map.Entry::getKey).toList();
        assertThat(itsRooms).as("rooms of %s", paused).isNotEmpty();
        signal("STOP", replicas.get(index).pid());
        try {
            for (String room : itsRooms) {
                await("room " + room + " taken over from the paused replica").atMost(LEASE.plusSeconds(10))
                        .pollInterval(Duration.ofMillis(50)).until(() -> !paused.equals(owners().get(room)));
            }
        } finally {
            signal("CONT", replicas.get(index).pid());
        }
        Map<String, Long> epochs = epochs();
        String room = itsRooms.get(0);
        ParticipantId dave = new ParticipantId("dave");
        try (SignalingSide throughPaused = new SignalingSide(grpcTargets.get(index))) {
            firstSuccess(() -> throughPaused.media.publish(new RoomId(room), dave, MediaTier.OFFER));
            assertThat(throughPaused.media.publishers(new RoomId(room)).participants()).contains(ALICE, BOB, dave);
        }
        assertThat(epochs()).as("owners and epochs after the paused replica ran again").isEqualTo(epochs);
        assertThat(owners().values()).doesNotContain(paused);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM fake_kms.endpoint WHERE room = ? AND participant = ?"
                + " AND released_by IS NULL", Integer.class, room, dave.value()))
                .as("dave's live endpoints on the worker (none left behind by the fenced replica)").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media.media_endpoint WHERE room_id = ? AND"
                + " participant_id = ?", Integer.class, room, dave.value())).as("dave's saved endpoints").isEqualTo(1);
        await("the paused replica forgets the rooms it lost").atMost(Duration.ofSeconds(5))
                .until(() -> !heldRooms().containsKey(paused));
        assertThat(heldRooms()).as("rooms each replica holds").isEqualTo(countsByOwner(owners()));
    }

    @Test
    @Order(5)
    @DisplayName("draining a worker through one replica drains it on all: every replica moves the rooms it owns there"
            + " and places none there, and every replica's API counts the same rooms")
    void drainingIsShared() throws Exception {
        for (String room : owners().keySet()) {
            signaling.media.releaseRoom(new RoomId(room));
        }
        List<Integer> live = IntStream.range(0, replicas.size()).filter(i -> replicas.get(i).alive()).boxed()
                .toList();
        assertThat(live).hasSizeGreaterThan(1);
        // two rooms claimed by each live replica (the one called first claims a room), on alternate workers
        for (int replica : live) {
            try (SignalingSide through = new SignalingSide(grpcTargets.get(replica))) {
                for (int i = 0; i < 2; i++) {
                    through.media.publish(new RoomId("drained-" + replica + "-" + i), ALICE, MediaTier.OFFER);
                }
            }
        }
        Map<String, Integer> pipelines = livePipelinesPerWorker();
        String worker = pipelines.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> onIt = jdbc.queryForList("SELECT room FROM fake_kms.pipeline WHERE worker = ? AND released_by"
                + " IS NULL", String.class, worker);
        assertThat(onIt.stream().map(room -> owners().get(room)).distinct().count())
                .as("replicas owning rooms on %s", worker).isGreaterThan(1);
        String asked = api(live.get(0), "PUT", "/api/v1/media/workers/" + worker + "/drain",
                "{\"draining\": true, \"moveRooms\": true}");
        assertThat(asked).contains("\"draining\":true");
        await("every room off " + worker).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> !livePipelinesPerWorker().containsKey(worker));
        for (String room : onIt) {
            assertThat(livePipelines(new RoomId(room))).as("pipelines of %s", room).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> signaling.renegotiations().stream()
                    .anyMatch(line -> line.startsWith("renegotiate " + room + " ") && line.endsWith("WORKER_DRAINED")));
        }
        for (int replica : live) {
            assertThat(api(replica, "GET", "/api/v1/media/workers/" + worker, null))
                    .as("the drained worker seen by replica %d", replica + 1)
                    .contains("\"draining\":true").contains("\"rooms\":0");
        }
        assertThat(signaling.media.publish(new RoomId("after-drain"), ALICE, MediaTier.OFFER).worker())
                .as("worker of a new room").isNotEqualTo(worker);
        api(live.get(1), "PUT", "/api/v1/media/workers/" + worker + "/drain", "{\"draining\": false}");
        await("every replica takes rooms on " + worker + " again").atMost(Duration.ofSeconds(10))
                .until(() -> live.stream().allMatch(replica -> api(replica, "GET", "/api/v1/media/workers/" + worker,
                        null).contains("\"draining\":false")));
    }

    private Map<String, Integer> livePipelinesPerWorker() {
        Map<String, Integer> perWorker = new LinkedHashMap<>();
        jdbc.query("SELECT worker, count(*) FROM fake_kms.pipeline WHERE released_by IS NULL GROUP BY worker", row -> {
            perWorker.put(row.getString(1), row.getInt(2));
        });
        return perWorker;
    }

    /** A call to a replica's operator API; its body (the status must be 200). */
    private String api(int replica, String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + httpPorts.get(replica) + path)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    private Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        jdbc.query("SELECT room_id, replica_id FROM media.media_room_owner ORDER BY room_id", row -> {
            owners.put(row.getString(1), row.getString(2));
        });
        return owners;
    }

    private Map<String, Long> epochs() {
        Map<String, Long> epochs = new LinkedHashMap<>();
        jdbc.query("SELECT room_id, epoch FROM media.media_room_owner", row -> {
            epochs.put(row.getString(1), row.getLong(2));
        });
        return epochs;
    }

    private static Map<String, Integer> countsByOwner(Map<String, String> owners) {
        return owners.values().stream().collect(Collectors.toMap(owner -> owner, owner -> 1, Integer::sum,
                java.util.TreeMap::new));
    }

    /** {@code conclave_media_replica_rooms} of each live replica, by replica id (0s left out). */
    private Map<String, Integer> heldRooms() {
        Map<String, Integer> held = new java.util.TreeMap<>();
        for (int i = 0; i < replicas.size(); i++) {
            try {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(i)
                        + "/actuator/prometheus")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                int count = metrics.lines().filter(line -> line.startsWith("conclave_media_replica_rooms"))
                        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum();
                if (count > 0) {
                    held.put("replica-" + (i + 1), count);
                }
            } catch (IOException killed) {
                // a killed replica holds nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return held;
    }

    private List<String> livePipelines(RoomId room) {
        return jdbc.queryForList("SELECT id FROM fake_kms.pipeline WHERE room = ? AND released_by IS NULL",
                String.class, room.value());
    }

    private Map<String, String> liveEndpoints(RoomId room) {
        Map<String, String> live = new LinkedHashMap<>();
        jdbc.query("SELECT endpoint_key, id FROM fake_kms.endpoint WHERE room = ? AND released_by IS NULL", row -> {
            live.put(row.getString(1), row.getString(2));
        }, room.value());
        return live;
    }

    /** Calls until a call succeeds; every failure meanwhile must be SFU_UNAVAILABLE (a retryable one). */
    private <T> T firstSuccess(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return call.get();
            } catch (ConclaveException e) {
                assertThat(e.code()).as("a call while a replica is taken over: " + e.getMessage())
                        .isEqualTo(ErrorCode.SFU_UNAVAILABLE);
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new AssertionError("no call succeeded within 30 s");
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
