package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guest-token endpoint's own decisions. Minting itself needs auth-service and is covered end to end in
 * e2e-tests; here the stand-in auth server has no token endpoint, so a mint that gets that far fails with 503.
 */
@DisplayName("POST /api/v1/rooms/{roomId}/guest-tokens")
class GuestTokenApiIT extends SignalingIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @DisplayName("refuses a TOKEN room with 403 problem+json")
    void tokenRoom() throws Exception {
        JsonNode problem = problem(post(room("TOKEN", 8), "{\"displayName\":\"Ada\"}"), 403);
        assertThat(problem.get("type").asString()).isEqualTo("urn:conclave:problem:room-access-denied");
        assertThat(problem.get("code").asInt()).isEqualTo(4003);
    }

    @Test
    @DisplayName("refuses a closed room with 410")
    void closedRoom() throws Exception {
        String room = openRoom();
        jdbc.update("UPDATE room SET state = 'CLOSED' WHERE id = ?", room);
        assertThat(problem(post(room, "{\"displayName\":\"Ada\"}"), 410).get("type").asString())
                .isEqualTo("urn:conclave:problem:room-closed");
    }

    @Test
    @DisplayName("names the bad field: room id, display name, unknown field, wrong type, malformed body")
    void badInput() throws Exception {
        assertThat(firstErrorField(problem(post("bad%20room", "{\"displayName\":\"Ada\"}"), 400))).isEqualTo("roomId");
        assertThat(firstErrorField(problem(post(openRoom(), "{\"displayName\":\"\"}"), 400))).isEqualTo("displayName");
        assertThat(firstErrorField(problem(post(openRoom(), "{\"displayName\":\"a\\u0007b\"}"), 400))).isEqualTo("displayName");
        assertThat(firstErrorField(problem(post(openRoom(), "{\"displayName\":\"" + "x".repeat(65) + "\"}"), 400))).isEqualTo("displayName");
        assertThat(firstErrorField(problem(post(openRoom(), "{\"displayName\":\"Ada\",\"admin\":true}"), 400))).isEqualTo("admin");
        assertThat(firstErrorField(problem(post(openRoom(), "{\"displayName\":7}"), 400))).isEqualTo("displayName");
        problem(post(openRoom(), "{\"displayName\":"), 400);
    }

    @Test
    @DisplayName("creates an unknown room as OPEN on first use, then answers 503 when auth-service cannot mint")
    void createsOnFirstUse() throws Exception {
        String room = "first-use-" + System.nanoTime();
        JsonNode problem = problem(post(room, "{\"displayName\":\"Ada\"}"), 503);
        assertThat(problem.get("type").asString()).isEqualTo("urn:conclave:problem:unavailable");
        assertThat(jdbc.queryForObject("SELECT access FROM room WHERE id = ?", String.class, room)).isEqualTo("OPEN");
    }

    @Test
    @DisplayName("keeps everything else closed")
    void othersClosed() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/rooms")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(401, 403);
    }

    private HttpResponse<String> post(String room, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rooms/" + room + "/guest-tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private static String firstErrorField(JsonNode problem) {
        return problem.get("errors").get(0).get("field").asString();
    }
}
