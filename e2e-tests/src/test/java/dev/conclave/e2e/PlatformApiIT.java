package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.Database;
import dev.conclave.testing.RpcTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services together, through the gateway only, with real tokens from auth-service: guests in an OPEN room, an
 * internal service inviting someone to a TOKEN room, and the guest-token rate limit.
 */
@DisplayName("the platform through the gateway")
class PlatformApiIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<RpcTestClient> clients = new ArrayList<>();
    private int gatewayPort;

    @BeforeEach
    void platform() {
        gatewayPort = RunningPlatform.get().port(dev.conclave.local.Service.GATEWAY);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RpcTestClient::close);
    }

    @Test
    @DisplayName("guests get tokens for an OPEN room created on first use, join over /rpc, chat, and are recorded "
            + "with their own address")
    void guestsInOpenRoom() throws Exception {
        String room = "open-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode adaToken = guestToken(room, "Ada");
        JsonNode bobToken = guestToken(room, "Bob");
        assertThat(adaToken.get("identity").asString()).startsWith("guest-");

        RpcTestClient ada = connect();
        JsonNode adaJoined = ada.join(room, adaToken.get("token").asString());
        assertThat(adaJoined.get("access").asString()).isEqualTo("OPEN");
        RpcTestClient bob = connect();
        bob.join(room, bobToken.get("token").asString());
        assertThat(ada.awaitNotification("participantJoined").get("participant").get("name").asString()).isEqualTo("Bob");

        bob.result("sendMessage", Map.of("text", "hi Ada"));
        assertThat(ada.awaitNotification("message").get("text").asString()).isEqualTo("hi Ada");

        String adaId = adaJoined.get("participant").get("id").asString();
        assertThat(sessionAddress(adaId)).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("an internal service gets an access token, mints a join token for a TOKEN room, and its invitee "
            + "joins; guests are refused there")
    void internalServiceInvites() throws Exception {
        String room = "board-" + UUID.randomUUID().toString().substring(0, 8);
        createRoom(room, "TOKEN");

        HttpResponse<String> guest = postJson("/api/v1/rooms/" + room + "/guest-tokens", "{\"displayName\":\"Eve\"}", null);
        assertThat(guest.statusCode()).isEqualTo(403);
        assertThat(guest.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        String accessToken = clientCredentials();
        HttpResponse<String> minted = postJson("/api/v1/join-tokens", """
                {"roomId": "%s", "identity": "user-1001", "displayName": "Grace", "grants": ["publish","subscribe","chat"]}"""
                .formatted(room), accessToken);
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        String joinToken = json.readTree(minted.body()).get("token").asString();

        RpcTestClient grace = connect();
        JsonNode joined = grace.join(room, joinToken);
        assertThat(joined.get("access").asString()).isEqualTo("TOKEN");
        assertThat(joined.get("participant").get("identity").asString()).isEqualTo("user-1001");

        RpcTestClient wrongRoom = connect();
        wrongRoom.error("joinRoom", Map.of("roomId", "some-other-room", "token", joinToken), 3003);
        assertThat(wrongRoom.awaitCloseCode()).isEqualTo(4403);
    }

    @Test
    @DisplayName("publishes auth-service's signing keys with their kid through the gateway")
    void jwks() throws Exception {
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(uri("/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(json.readTree(jwks.body()).get("keys").get(0).get("kid").asString()).isNotBlank();
    }

    @Test
    @DisplayName("limits guest tokens per client address: one address is refused with 429 while another is served")
    void rateLimit() throws Exception {
        String room = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 30 && !statuses.contains(429); i++) {
            RawResponse response = postFrom("127.0.0.2", "/api/v1/rooms/" + room + "/guest-tokens", "{\"displayName\":\"Spammer\"}");
            statuses.add(response.status());
            if (response.status() == 429) {
                retryAfter = response.header("retry-after");
            }
        }
        assertThat(statuses).startsWith(201).contains(429);
        assertThat(retryAfter).isNotNull();
        assertThat(postFrom("127.0.0.3", "/api/v1/rooms/" + room + "/guest-tokens", "{\"displayName\":\"Other\"}").status())
                .isEqualTo(201);
    }

    private RpcTestClient connect() {
        RpcTestClient client = RpcTestClient.connect(gatewayPort);
        clients.add(client);
        return client;
    }

    private JsonNode guestToken(String room, String name) throws Exception {
        HttpResponse<String> response = postJson("/api/v1/rooms/" + room + "/guest-tokens",
                "{\"displayName\":\"" + name + "\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private String clientCredentials() throws Exception {
        String basic = Base64.getEncoder().encodeToString((RunningPlatform.BACKEND_CLIENT_ID + ":"
                + RunningPlatform.BACKEND_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=join-tokens:mint")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> postJson(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    /** One HTTP/1.1 request from a chosen loopback source address (the JDK client cannot choose one). */
    private RawResponse postFrom(String sourceAddress, String path, String body) throws Exception {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            return new RawResponse(status, headers);
        }
    }

    private record RawResponse(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static Connection database() throws SQLException {
        Database database = RunningPlatform.get().database();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    private static void createRoom(String id, String access) throws SQLException {
        try (Connection connection = database(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO signaling.room (id, access, max_participants, state, created_at) VALUES (?, ?, 8, 'ACTIVE', ?)")) {
            insert.setString(1, id);
            insert.setString(2, access);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    private static String sessionAddress(String participantId) throws SQLException {
        try (Connection connection = database(); PreparedStatement select = connection.prepareStatement(
                "SELECT remote_address FROM signaling.participant_session WHERE id = ?")) {
            select.setString(1, participantId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
