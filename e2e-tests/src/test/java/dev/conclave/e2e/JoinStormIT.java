package dev.conclave.e2e;

import static dev.conclave.testing.faults.Percentiles.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.WebhookReceiver;
import dev.conclave.testing.WebhookReceiver.Received;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A join storm through the gateway while one of the three signaling nodes is killed (SIGKILL) under it, as a crowd
 * opening a meeting link at once would meet a crashing node: every joiner gets in — retrying only on what the
 * protocol documents as retryable (a connection lost before the answer, {@code UNAVAILABLE} with {@code retryAfterMs})
 * and resuming as itself if its node died after it was in — and the room, its session history and its webhooks end up
 * with every identity exactly once. The figures are printed as {@code [fault]} lines (README "Reliability and
 * security").
 */
@DisplayName("a join storm while a signaling node is killed")
class JoinStormIT {

    private static final int JOINERS = 60;
    private static final int ROUNDS = 2;
    private static final Duration STORM_LIMIT = Duration.ofSeconds(60);

    private final ApiClient api = Clients.backend();
    private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();
    private int restartNode;

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : cleanup) {
            resource.close();
        }
        if (restartNode > 0) {
            RunningPlatform.get().restartSignalingNode(restartNode);
        }
    }

    @Test
    @DisplayName("every joiner gets in with no error but the documented retryable ones, and nothing is lost or doubled")
    void stormWithANodeKilled() throws Exception {
        WebhookReceiver receiver = new WebhookReceiver(0);
        cleanup.add(receiver);
        JsonNode webhook = api.post("/api/v1/webhooks", """
                {"url": "%s", "events": ["participant.joined", "participant.left"]}""".formatted(receiver.url()))
                .expect(201);
        cleanup.add(() -> api.delete("/api/v1/webhooks/" + webhook.get("id").asString()));

        List<Long> settleTimes = new ArrayList<>();
        List<Long> joinTimes = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int node = 1 + (round % RunningPlatform.SIGNALING_NODES);
            StormResult storm = storm(node);
            settleTimes.add(storm.settledMs());
            joinTimes.addAll(storm.joinMs());
            System.out.printf("[fault] join storm of %d with signaling node %d killed (round %d): everyone in or back after "
                            + "%d ms; connections lost before an answer %d, UNAVAILABLE %d, resumed after the kill %d; "
                            + "join p50 %d ms, max %d ms; other errors %d; lost 0%n",
                    JOINERS, node, round, storm.settledMs(), storm.dropped(), storm.unavailable(), storm.resumed(),
                    percentile(storm.joinMs(), 50), percentile(storm.joinMs(), 100), storm.otherErrors().size());
            assertThat(storm.otherErrors()).as("errors beyond the documented retryable ones").isEmpty();
            expectEveryIdentityOnce(storm, receiver);
            RunningPlatform.get().restartSignalingNode(node);
            restartNode = 0;
        }
        System.out.printf("[fault] join storm of %d with a node killed, %d rounds: everyone in p50 %d ms, max %d ms; "
                        + "each join p50 %d ms, max %d ms; lost 0%n", JOINERS, ROUNDS, percentile(settleTimes, 50),
                percentile(settleTimes, 100), percentile(joinTimes, 50), percentile(joinTimes, 100));
    }

    private StormResult storm(int node) throws Exception {
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\", \"maxParticipants\": 200}").expect(201)
                .get("id").asString();
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < JOINERS; i++) {
            String identity = "storm-" + i;
            tokens.put(identity, api.post("/api/v1/rooms/" + room + "/join-tokens",
                    "{\"identity\": \"" + identity + "\", \"displayName\": \"Storm " + i + "\"}").expect(201)
                    .get("token").asString());
        }
        AtomicInteger joined = new AtomicInteger();
        CountDownLatch stormOver = new CountDownLatch(1);
        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(JOINERS);
        long started = System.nanoTime();
        List<Future<Joiner>> joiners = new ArrayList<>();
        try {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                joiners.add(pool.submit(() -> {
                    Joiner joiner = new Joiner(room, token.getKey(), token.getValue(), tally);
                    joiner.join(started);
                    joined.incrementAndGet();
                    joiner.resumeWhenDroppedUntil(stormOver);
                    return joiner;
                }));
            }
            // The node dies in the middle of the storm: some joiners are in on it, some are on their way.
            while (joined.get() < JOINERS / 3 && System.nanoTime() - started < STORM_LIMIT.toNanos()) {
                Thread.sleep(5);
            }
            restartNode = node;
            RunningPlatform.get().killSignalingNode(node);
            while (joined.get() < JOINERS && System.nanoTime() - started < STORM_LIMIT.toNanos()) {
                Thread.sleep(5);
            }
            // Whoever was in on the killed node lost its connection after its answer and resumes at once, as the page
            // does; a socket of the killed node closes at once, so a few seconds see every resume through.
            Thread.sleep(3_000);
            stormOver.countDown();
            List<Joiner> everyone = new ArrayList<>();
            for (Future<Joiner> joiner : joiners) {
                everyone.add(joiner.get());
            }
            long settled = everyone.stream().mapToLong(Joiner::settledMs).max().orElseThrow();
            return new StormResult(room, everyone, settled, tally.dropped.get(), tally.unavailable.get(),
                    tally.resumed.get(), everyone.stream().map(Joiner::joinMs).toList(), tally.otherErrors);
        } finally {
            pool.shutdownNow();
        }
    }

    private void expectEveryIdentityOnce(StormResult storm, WebhookReceiver receiver) throws Exception {
        Set<String> identities = storm.joiners().stream().map(Joiner::identity).collect(Collectors.toSet());
        // Sessions replaced or lost while joining are closed once the dead node's participants time out.
        Duration settle = RunningPlatform.RESUME_GRACE.plusSeconds(15);
        long deadline = System.nanoTime() + settle.toNanos();
        List<JsonNode> listed;
        List<SessionRow> rows;
        while (true) {
            for (Joiner joiner : storm.joiners()) {
                joiner.client().result("ping", null);
            }
            listed = new ArrayList<>();
            api.get("/api/v1/rooms/" + storm.room() + "/participants").expect(200).forEach(listed::add);
            rows = sessionRows(storm.room());
            long open = rows.stream().filter(row -> row.leaveReason() == null).count();
            if ((listed.size() == JOINERS && open == JOINERS) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(listed).as("the room's participants").hasSize(JOINERS);
        assertThat(listed.stream().map(participant -> participant.get("identity").asString()).collect(Collectors.toSet()))
                .isEqualTo(identities);
        assertThat(listed.stream().map(participant -> participant.get("id").asString()).collect(Collectors.toSet()))
                .as("each joiner is in as the participant it was answered with")
                .isEqualTo(storm.joiners().stream().map(Joiner::participantId).collect(Collectors.toSet()));

        List<SessionRow> open = rows.stream().filter(row -> row.leaveReason() == null).toList();
        assertThat(open).extracting(SessionRow::identity).as("one open session per identity")
                .containsExactlyInAnyOrderElementsOf(identities);
        List<SessionRow> closed = rows.stream().filter(row -> row.leaveReason() != null).toList();
        assertThat(closed).extracting(SessionRow::leaveReason).as("sessions a retried join left behind")
                .allMatch(reason -> Set.of("replaced", "timeout", "node_stopped").contains(reason));

        // Every session row is announced once as joined, every closed one once as left (webhook ids are unique per
        // event; a redelivery would repeat its id, never make a new one).
        Set<String> sessionIds = rows.stream().map(SessionRow::id).collect(Collectors.toSet());
        Set<String> closedIds = closed.stream().map(SessionRow::id).collect(Collectors.toSet());
        // a claim held by the killed node delays its queue by up to request-timeout + 5 s
        long webhookDeadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        Map<String, Set<String>> joinedEvents;
        Map<String, Set<String>> leftEvents;
        while (true) {
            List<Received> events = receiver.accepted().stream().filter(event -> storm.room().equals(event.roomId()))
                    .toList();
            joinedEvents = eventIdsByParticipant(events, "participant.joined");
            leftEvents = eventIdsByParticipant(events, "participant.left");
            if ((joinedEvents.keySet().containsAll(sessionIds) && leftEvents.keySet().containsAll(closedIds))
                    || System.nanoTime() > webhookDeadline) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(joinedEvents.keySet()).as("participant.joined per session").isEqualTo(sessionIds);
        assertThat(joinedEvents.values()).as("one participant.joined event each").allMatch(ids -> ids.size() == 1);
        assertThat(leftEvents.keySet()).as("participant.left per closed session").isEqualTo(closedIds);
        assertThat(leftEvents.values()).as("one participant.left event each").allMatch(ids -> ids.size() == 1);
    }

    private static Map<String, Set<String>> eventIdsByParticipant(List<Received> events, String type) {
        Map<String, Set<String>> byParticipant = new HashMap<>();
        for (Received event : events) {
            if (event.type().equals(type)) {
                String participant = event.json().get("data").get("participant").get("id").asString();
                byParticipant.computeIfAbsent(participant, ignored -> new HashSet<>()).add(event.id());
            }
        }
        return byParticipant;
    }

    private static List<SessionRow> sessionRows(String room) throws Exception {
        var database = RunningPlatform.get().database();
        List<SessionRow> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, identity, leave_reason FROM signaling.participant_session WHERE room_id = ?")) {
            select.setString(1, room);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new SessionRow(row.getString(1), row.getString(2), row.getString(3)));
                }
            }
        }
        return rows;
    }


    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(RunningPlatform.get().port(Service.GATEWAY));
        cleanup.add(client);
        return client;
    }

    /** What the joiners met, all together. */
    private static final class Tally {
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger resumed = new AtomicInteger();
        final List<String> otherErrors = new CopyOnWriteArrayList<>();
    }

    /** One person opening the link: joins, retrying only what is documented as retryable, and resumes if dropped. */
    private final class Joiner {
        private final String room;
        private final String identity;
        private final String token;
        private final Tally tally;
        private RpcTestClient client;
        private String participantId;
        private String resumeToken;
        private long stormStarted;
        private long joinMs;
        private long settledMs;

        Joiner(String room, String identity, String token, Tally tally) {
            this.room = room;
            this.identity = identity;
            this.token = token;
            this.tally = tally;
        }

        void join(long stormStarted) {
            this.stormStarted = stormStarted;
            JsonNode result = untilAnswered("joinRoom", Map.of("roomId", room, "token", token));
            joinMs = (System.nanoTime() - stormStarted) / 1_000_000;
            settledMs = joinMs;
            participantId = result.get("participant").get("id").asString();
            resumeToken = result.get("resumeToken").asString();
        }

        /** As the page does: a connection lost after joining is resumed at once, as the same participant. */
        void resumeWhenDroppedUntil(CountDownLatch stormOver) throws InterruptedException {
            while (!stormOver.await(20, TimeUnit.MILLISECONDS)) {
                if (client.isClosed()) {
                    JsonNode result = untilAnswered("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken));
                    assertThat(result.get("participant").get("id").asString()).as("resumed as itself")
                            .isEqualTo(participantId);
                    resumeToken = result.get("resumeToken").asString();
                    settledMs = (System.nanoTime() - stormStarted) / 1_000_000;
                    tally.resumed.incrementAndGet();
                }
            }
        }

        private JsonNode untilAnswered(String method, Map<String, String> params) {
            long deadline = System.nanoTime() + STORM_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                RpcTestClient attempt;
                try {
                    attempt = connect();
                } catch (RuntimeException refused) {
                    tally.dropped.incrementAndGet();
                    pause(200);
                    continue;
                }
                JsonNode response;
                try {
                    response = attempt.call(method, params);
                } catch (AssertionError | RuntimeException lostBeforeTheAnswer) {
                    tally.dropped.incrementAndGet();
                    attempt.close();
                    pause(200);
                    continue;
                }
                if (!response.has("error")) {
                    client = attempt;
                    return response.get("result");
                }
                attempt.close();
                JsonNode error = response.get("error");
                if (error.get("code").asInt() == -32000 && error.path("data").has("retryAfterMs")) {
                    tally.unavailable.incrementAndGet();
                    pause(Math.min(2_000, error.get("data").get("retryAfterMs").asLong()));
                    continue;
                }
                tally.otherErrors.add(identity + " " + method + ": " + response);
                throw new AssertionError(identity + " got " + response);
            }
            throw new AssertionError(identity + " not answered within " + STORM_LIMIT);
        }

        String identity() {
            return identity;
        }

        RpcTestClient client() {
            return client;
        }

        String participantId() {
            return participantId;
        }

        long joinMs() {
            return joinMs;
        }

        long settledMs() {
            return settledMs;
        }
    }

    private record StormResult(String room, List<Joiner> joiners, long settledMs, int dropped, int unavailable,
                               int resumed, List<Long> joinMs, List<String> otherErrors) {
    }

    private record SessionRow(String id, String identity, String leaveReason) {
    }
}
