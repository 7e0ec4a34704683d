package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Floods an attacker can make through the gateway with what a leaked invitation gives: the limits hold, the room
 * keeps one seat per identity, and the people in the room are not disturbed beyond what the limit lets through.
 */
@DisplayName("floods through the gateway")
class FloodsIT {

    private static final int CONNECTIONS = 30;

    private final ApiClient api = Clients.backend();
    private final List<RpcTestClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @Test
    @DisplayName("one leaked invitation joined from thirty connections at once: past the identity's join limit the "
            + "joins are refused as rate-limited, the room holds the identity once, and the others can still talk")
    void joinsOfOneIdentity() throws Exception {
        String room = api.post("/api/v1/rooms", "{\"access\": \"TOKEN\", \"maxParticipants\": 50}").expect(201)
                .get("id").asString();
        RpcTestClient ada = connect();
        ada.join(room, mint(room, "ada"));
        RpcTestClient bob = connect();
        bob.join(room, mint(room, "bob"));
        ada.awaitNotification("participantJoined");
        String leaked = mint(room, "mallory");

        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rateLimited = new AtomicInteger();
        List<String> other = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> joins = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                joins.add(pool.submit(() -> {
                    RpcTestClient attacker = connect();
                    JsonNode response;
                    try {
                        response = attacker.call("joinRoom", Map.of("roomId", room, "token", leaked));
                    } catch (AssertionError closed) {
                        // admitted, then replaced by a later join of the same identity before its answer went out
                        assertThat(attacker.awaitCloseCode()).as("%s", closed.getMessage()).isEqualTo(4409);
                        admitted.incrementAndGet();
                        return;
                    }
                    if (!response.has("error")) {
                        admitted.incrementAndGet();
                    } else if (response.get("error").get("code").asInt() == 1001) {
                        assertThat(response.get("error").get("data").get("retryAfterMs").asLong()).isPositive();
                        rateLimited.incrementAndGet();
                    } else {
                        other.add(response.toString());
                    }
                }));
            }
            for (Future<?> join : joins) {
                join.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("[abuse] one identity joining from %d connections at once: %d admitted, %d rate-limited, "
                + "%d other answers%n", CONNECTIONS, admitted.get(), rateLimited.get(), other.size());
        assertThat(other).as("answers other than a seat or rate-limited").isEmpty();
        // a limit per identity and room on each node (conclave.signaling.membership.join-burst, 5): three nodes let
        // fifteen through at the most
        assertThat(admitted.get()).as("joins let through").isBetween(1, 5 * RunningPlatform.SIGNALING_NODES);

        ada.result("sendMessage", Map.of("text", "still talking"));
        assertThat(bob.awaitNotification("message").get("text").asString()).isEqualTo("still talking");
        List<String> identities = new ArrayList<>();
        api.get("/api/v1/rooms/" + room + "/participants").expect(200)
                .forEach(participant -> identities.add(participant.get("identity").asString()));
        assertThat(identities).containsExactlyInAnyOrder("ada", "bob", "mallory");
        assertThat(openSessions(room, "mallory")).as("open sessions of the flooding identity").isEqualTo(1);

        // What Ada's page believes: everyone announced as joined and not as left. A seat replaced while it was being
        // taken must not stay on her screen as a ghost.
        Thread.sleep(1_000);
        Set<String> announced = new HashSet<>();
        Set<String> gone = new HashSet<>();
        for (JsonNode notification : ada.drainNotifications()) {
            switch (notification.get("method").asString()) {
                case "participantJoined" -> {
                    JsonNode participant = notification.get("params").get("participant");
                    if (participant.get("identity").asString().equals("mallory")) {
                        announced.add(participant.get("id").asString());
                    }
                }
                case "participantLeft" -> gone.add(notification.get("params").get("participantId").asString());
                default -> { }
            }
        }
        announced.removeAll(gone);
        List<String> seated = new ArrayList<>();
        api.get("/api/v1/rooms/" + room + "/participants").expect(200).forEach(participant -> {
            if (participant.get("identity").asString().equals("mallory")) {
                seated.add(participant.get("id").asString());
            }
        });
        assertThat(announced).as("mallory's seats on Ada's screen").containsExactlyElementsOf(seated);
    }

    private String mint(String room, String identity) {
        return api.post("/api/v1/rooms/" + room + "/join-tokens",
                "{\"identity\": \"" + identity + "\", \"displayName\": \"" + identity + "\"}").expect(201)
                .get("token").asString();
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(RunningPlatform.get().port(Service.GATEWAY));
        clients.add(client);
        return client;
    }

    private static int openSessions(String room, String identity) throws Exception {
        var database = RunningPlatform.get().database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM signaling.participant_session"
                     + " WHERE room_id = ? AND identity = ? AND left_at IS NULL")) {
            select.setString(1, room);
            select.setString(2, identity);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
