package dev.conclave.bench.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The room-management REST API as the benchmark's internal service uses it: an access token from the
 * client-credentials grant, rooms created up front, a join token minted for every simulated participant.
 */
public final class PlatformApi {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Who a minted token is for: {@code publisher} tokens join visibly, the others as audience (chat only). */
    public record Seat(String roomId, String identity, boolean publisher) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String bearer;

    PlatformApi(String base, String clientId, String secret) throws IOException, InterruptedException {
        this.base = base;
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=rooms:read%20rooms:write"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (int retry = 0; retry < 3 && response.statusCode() >= 500; retry++) {
            // the very first request of freshly started services can outlast the gateway's timeout
            Thread.sleep(2_000);
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no access token: " + response.statusCode() + " " + response.body());
        }
        this.bearer = JSON.readTree(response.body()).get("access_token").asString();
    }

    /** Creates the rooms, a few at a time. */
    public void createRooms(List<String> names, int maxParticipants) throws InterruptedException {
        createdAll(names, 8, name -> post("/api/v1/rooms",
                        JSON.createObjectNode().put("name", name).put("maxParticipants", maxParticipants)),
                (name, body) -> name);
    }

    /** Mints a token for every seat, a few at a time, and writes them as {@code roomId<TAB>token} lines. */
    public void mintTokens(List<Seat> seats, Path file) throws IOException, InterruptedException {
        Files.write(file, createdAll(seats, 16, seat -> {
            ObjectNode request = JSON.createObjectNode().put("identity", seat.identity())
                    .put("displayName", seat.identity()).put("ttlSeconds", 7200);
            if (seat.publisher()) {
                request.putArray("grants").add("publish").add("subscribe").add("chat");
            } else {
                request.putArray("grants").add("chat");
            }
            return post("/api/v1/rooms/" + seat.roomId() + "/join-tokens", request);
        }, (seat, body) -> seat.roomId() + "\t" + JSON.readTree(body).get("token").asString()));
    }

    /**
     * Sends a creating request for each item, at most {@code inFlight} at a time; every one must answer 201. Returns
     * what {@code result} makes of each item and its response body, in the items' order.
     */
    private <T, R> List<R> createdAll(List<T> items, int inFlight, Function<T, HttpRequest> request,
                                      BiFunction<T, String, R> result) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<R>> results = new ArrayList<>(items.size());
        for (T item : items) {
            permits.acquire();
            results.add(http.sendAsync(request.apply(item), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException(item + " not created: " + response.statusCode() + " "
                                    + response.body());
                        }
                        return result.apply(item, response.body());
                    })
                    .whenComplete((ignored, failure) -> permits.release()));
        }
        return results.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest post(String path, ObjectNode body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }
}
