package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three signaling nodes as separate processes, sharing Redis, behind the gateway: a room spread over all of them
 * works as one, and losing a node — killed, or stopped — loses no room.
 */
@DisplayName("several signaling nodes behind the gateway")
class MultiNodeIT {

    private ApiClient api;
    private final List<RpcTestClient> clients = new CopyOnWriteArrayList<>();
    private int restartNode;

    @BeforeEach
    void platform() {
        api = Clients.backend();
    }

    @AfterEach
    void cleanUp() throws Exception {
        clients.forEach(RpcTestClient::close);
        if (restartNode > 0) {
            RunningPlatform.get().restartSignalingNode(restartNode);
        }
    }

    @Test
    @DisplayName("members spread over all three nodes receive each other's chat, and mesh relay crosses nodes")
    void spreadOverAllNodes() {
        String room = room();
        Map<String, Member> members = spreadOverAllNodes(room, 6);

        for (Member sender : members.values()) {
            sender.client().result("sendMessage", Map.of("text", "from " + sender.id()));
        }
        for (Member receiver : members.values()) {
            Set<String> texts = new HashSet<>();
            for (int i = 0; i < members.size() - 1; i++) {
                texts.add(receiver.client().awaitNotification("message").get("text").asString());
            }
            assertThat(texts).hasSize(members.size() - 1).doesNotContain("from " + receiver.id());
        }

        Member from = members.values().iterator().next();
        Member to = members.values().stream().filter(member -> !member.node().equals(from.node())).findFirst().orElseThrow();
        from.client().result("relay", Map.of("to", to.id(), "payload", Map.of("type", "offer", "sdp", "v=0 node to node")));
        JsonNode relayed = to.client().awaitNotification("relay");
        assertThat(relayed.get("from").asString()).isEqualTo(from.id());
        assertThat(relayed.get("payload").get("sdp").asString()).isEqualTo("v=0 node to node");
    }

    @Test
    @DisplayName("a node killed with SIGKILL: its participants are seen reconnecting within 15 s, resume elsewhere "
            + "as themselves, and those that never come back are removed when the grace period ends")
    void nodeKilled() throws Exception {
        String room = room();
        Map<String, Member> members = spreadOverAllNodes(room, 9);
        String doomedNode = members.values().stream()
                .filter(member -> members.values().stream().filter(other -> other.node().equals(member.node())).count() >= 2)
                .map(Member::node).findFirst().orElseThrow();
        List<Member> onDoomed = members.values().stream().filter(member -> member.node().equals(doomedNode)).toList();
        List<Member> survivors = members.values().stream().filter(member -> !member.node().equals(doomedNode)).toList();
        Member returner = onDoomed.get(0);
        Member watcher = survivors.get(0);
        watcher.client().drainNotifications();

        int node = nodeIndex(doomedNode);
        restartNode = node;
        long killedAt = System.nanoTime();
        RunningPlatform.get().killSignalingNode(node);

        Set<String> reconnecting = new HashSet<>();
        while (reconnecting.size() < onDoomed.size()) {
            reconnecting.add(watcher.client().awaitNotification("participantReconnecting", Duration.ofSeconds(15))
                    .get("participantId").asString());
        }
        Duration seen = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("Participants of the killed node seen reconnecting after " + seen.toMillis() + " ms");
        assertThat(seen).isLessThan(Duration.ofSeconds(15));
        assertThat(reconnecting).containsAll(onDoomed.stream().map(Member::id).toList());

        RpcTestClient back = resumeThroughGateway(room, returner.resumeToken());
        assertThat(watcher.client().awaitNotification("participantResumed").get("participantId").asString())
                .isEqualTo(returner.id());
        back.result("sendMessage", Map.of("text", "still here"));
        assertThat(watcher.client().awaitNotification("message").get("text").asString()).isEqualTo("still here");

        Set<String> neverBack = new HashSet<>(onDoomed.stream().map(Member::id).toList());
        neverBack.remove(returner.id());
        Set<String> leftForTimeout = new HashSet<>();
        while (leftForTimeout.size() < neverBack.size()) {
            JsonNode left = awaitWhilePinging(watcher.client(), "participantLeft",
                    RunningPlatform.RESUME_GRACE.plusSeconds(10), back);
            assertThat(left.get("reason").asString()).isEqualTo("timeout");
            leftForTimeout.add(left.get("participantId").asString());
        }
        assertThat(leftForTimeout).isEqualTo(neverBack);
        for (String gone : neverBack) {
            assertThat(leaveReason(gone)).isEqualTo("timeout");
        }
        assertThat(leaveReason(returner.id())).isNull();
        watcher.client().assertNoNotification("participantJoined", Duration.ofMillis(100));
    }

    @Test
    @DisplayName("a node stopped cleanly (SIGTERM) asks its clients to reconnect; they move with no participantLeft")
    void nodeStopped() throws Exception {
        String room = room();
        Map<String, Member> members = spreadOverAllNodes(room, 6);
        String stoppingNode = members.values().iterator().next().node();
        List<Member> moving = members.values().stream().filter(member -> member.node().equals(stoppingNode)).toList();
        Member watcher = members.values().stream().filter(member -> !member.node().equals(stoppingNode)).findFirst()
                .orElseThrow();
        watcher.client().drainNotifications();

        int node = nodeIndex(stoppingNode);
        restartNode = node;
        Thread stopper = new Thread(() -> {
            try {
                RunningPlatform.get().stopSignalingNode(node);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        // Each client resumes as soon as it is told to, side by side, as pages do: one after another, the last of
        // several would start late into its grace period.
        ExecutorService pages = Executors.newFixedThreadPool(moving.size());
        List<CompletableFuture<RpcTestClient>> resuming = new ArrayList<>();
        for (Member member : moving) {
            resuming.add(CompletableFuture.supplyAsync(() -> {
                assertThat(member.client().awaitNotification("reconnect").get("reason").asString())
                        .isEqualTo("node_stopping");
                assertThat(member.client().awaitCloseCode()).isEqualTo(4012);
                return resumeThroughGateway(room, member.resumeToken());
            }, pages));
        }
        List<RpcTestClient> resumed = new ArrayList<>();
        for (CompletableFuture<RpcTestClient> resume : resuming) {
            resumed.add(resume.join());
        }
        pages.shutdown();
        stopper.join();
        resumed.get(0).result("sendMessage", Map.of("text", "moved"));
        assertThat(watcher.client().awaitNotification("message").get("text").asString()).isEqualTo("moved");
        watcher.client().assertNoNotification("participantLeft", Duration.ofSeconds(1));
        for (Member member : moving) {
            assertThat(leaveReason(member.id())).isNull();
        }
    }

    @Test
    @DisplayName("a client whose connection drops without a close frame is held for resume through the gateway, "
            + "and comes back as itself")
    void clientConnectionDropped() throws Exception {
        String room = room();
        RpcTestClient stayer = connect();
        stayer.join(room, mint(room, "stayer"));
        RpcTestClient dropper = connect();
        JsonNode joined = dropper.join(room, mint(room, "dropper"));
        String dropperId = joined.get("participant").get("id").asString();
        stayer.awaitNotification("participantJoined");

        dropper.abort();
        stayer.assertNoNotification("participantLeft", Duration.ofSeconds(2));
        assertThat(leaveReason(dropperId)).as("still in the room, waiting to resume").isNull();

        RpcTestClient back = resumeThroughGateway(room, joined.get("resumeToken").asString());
        back.result("sendMessage", Map.of("text", "I'm back"));
        JsonNode message = stayer.awaitNotification("message");
        assertThat(message.get("from").get("participantId").asString()).isEqualTo(dropperId);
        stayer.assertNoNotification("participantLeft", Duration.ofMillis(500));
    }

    private String mint(String room, String identity) {
        return api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"" + identity + "\", \"displayName\": \"" + identity + "\"}").expect(201)
                .get("token").asString();
    }

    /** Joins at least {@code count} members through the gateway, more if needed, until every node holds one. */
    private Map<String, Member> spreadOverAllNodes(String room, int count) {
        Map<String, Member> joined = new HashMap<>();
        Map<String, String> nodes = Map.of();
        for (int i = 0; joined.size() < count || new HashSet<>(nodes.values()).size() < RunningPlatform.SIGNALING_NODES; i++) {
            assertThat(i).as("members needed to reach every node").isLessThan(30);
            RpcTestClient client = connect();
            JsonNode result = client.join(room, api.post("/api/v1/rooms/" + room + "/join-tokens",
                    "{\"identity\": \"member-" + i + "\", \"displayName\": \"Member " + i + "\"}").expect(201)
                    .get("token").asString());
            String id = result.get("participant").get("id").asString();
            joined.put(id, new Member(id, null, result.get("resumeToken").asString(), client));
            nodes = nodesOf(room);
        }
        Map<String, Member> placed = new HashMap<>();
        for (Member member : joined.values()) {
            placed.put(member.id(), new Member(member.id(), nodes.get(member.id()), member.resumeToken(), member.client()));
        }
        return placed;
    }

    /** Which node each participant of the room is connected to, as the API reports it. */
    private Map<String, String> nodesOf(String room) {
        Map<String, String> nodes = new HashMap<>();
        api.get("/api/v1/rooms/" + room + "/participants").expect(200)
                .forEach(participant -> nodes.put(participant.get("id").asString(), participant.get("node").asString()));
        return nodes;
    }

    /**
     * Resumes through the gateway, trying again while the gateway still offers a node that is going (it turns the
     * socket away). A failure says what every attempt got and when, so a place lost to the grace period shows.
     */
    private RpcTestClient resumeThroughGateway(String room, String resumeToken) {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(15).toNanos();
        List<String> attempts = new ArrayList<>();
        while (true) {
            try {
                RpcTestClient client = connect();
                JsonNode response = client.call("resumeRoom", Map.of("roomId", room, "resumeToken", resumeToken));
                if (!response.has("error")) {
                    return client;
                }
                attempts.add(millisSince(started) + " ms: " + response.get("error"));
            } catch (RuntimeException | AssertionError notYet) {
                attempts.add(millisSince(started) + " ms: " + notYet.getMessage());
            }
            assertThat(System.nanoTime()).as("resume attempts: %s", attempts).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static JsonNode awaitWhilePinging(RpcTestClient client, String method, Duration within, RpcTestClient... others) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            client.result("ping", null);
            for (RpcTestClient other : others) {
                other.result("ping", null);
            }
            try {
                return client.awaitNotification(method, Duration.ofMillis(500));
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    private String room() {
        return api.post("/api/v1/rooms", "{\"access\": \"TOKEN\", \"maxParticipants\": 40}").expect(201).get("id").asString();
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(RunningPlatform.get().port(Service.GATEWAY));
        clients.add(client);
        return client;
    }

    private static int nodeIndex(String nodeId) {
        for (int node = 1; node <= RunningPlatform.SIGNALING_NODES; node++) {
            if (LocalPlatform.signalingNodeId(node).equals(nodeId)) {
                return node;
            }
        }
        throw new IllegalArgumentException(nodeId);
    }

    private static String leaveReason(String participantId) throws Exception {
        var database = RunningPlatform.get().database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT leave_reason FROM signaling.participant_session WHERE id = ?")) {
            select.setString(1, participantId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : "missing";
            }
        }
    }

    private record Member(String id, String node, String resumeToken, RpcTestClient client) {
    }
}
