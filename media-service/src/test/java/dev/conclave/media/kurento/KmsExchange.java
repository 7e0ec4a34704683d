package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.IceCandidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One recorded conversation between the Kurento adapter and a real Kurento Media Server: every WebSocket frame in
 * both directions, in the order the recording proxy saw them, with the time since the connection opened.
 *
 * @param scenario    the {@link KmsScenario} it was recorded for
 * @param kmsVersion  the version the media server reported ({@code getInfo})
 * @param client      the Kurento Java client that spoke to it
 * @param recordedAt  when (ISO-8601)
 * @param inputs      what the browser side brought: its SDP offers and ICE candidates, by name — made by a real
 *                    media server's {@code generateOffer}/{@code gatherCandidates}, never written by hand
 * @param frames      the frames
 */
record KmsExchange(String scenario, String kmsVersion, String client, String recordedAt,
                   Map<String, BrowserInput> inputs, List<Frame> frames) {

    static final String TO_KMS = "client->kms";
    static final String FROM_KMS = "kms->client";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    KmsExchange {
        inputs = inputs == null ? Map.of() : new LinkedHashMap<>(inputs);
        frames = List.copyOf(frames);
    }

    /** What one browser offered: an SDP offer and the candidates it gathered for it. */
    record BrowserInput(String offer, List<IceCandidate> candidates) {

        BrowserInput {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * One WebSocket text frame.
     *
     * @param direction {@link #TO_KMS} or {@link #FROM_KMS}
     * @param atMs      milliseconds since the connection opened
     * @param message   the JSON-RPC message as sent
     */
    record Frame(String direction, long atMs, JsonNode message) {

        boolean toKms() {
            return TO_KMS.equals(direction);
        }

        String method() {
            return message.path("method").asString("");
        }

        /** The Kurento client's keep-alive request. */
        boolean heartbeat() {
            return toKms() && "ping".equals(method());
        }

        /** The JSON-RPC id of a request or response; empty for a notification. */
        Optional<Long> id() {
            JsonNode id = message.get("id");
            return id == null || id.isNull() ? Optional.empty() : Optional.of(id.asLong());
        }

        /** A short form for failure messages: direction, method or result, operation or event type. */
        String summary() {
            JsonNode params = message.path("params");
            String detail = params.path("operation").asString(params.path("type").asString(
                    params.path("value").path("type").asString("")));
            String what = message.has("method") ? method() : message.has("error") ? "error" : "result";
            return direction + " " + what + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    static KmsExchange read(Path file) {
        return JSON.readValue(file.toFile(), KmsExchange.class);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    static JsonNode parse(String text) {
        return JSON.readTree(text);
    }

    static String text(JsonNode message) {
        return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(message);
    }

    /**
     * The frames without the Kurento client's heartbeat ({@code ping} requests and KMS's answers to them): the
     * client sends it by the clock, not because of anything the adapter does.
     */
    List<Frame> conversation() {
        Set<Optional<Long>> pings = frames.stream().filter(Frame::heartbeat).map(Frame::id)
                .collect(Collectors.toSet());
        return frames.stream().filter(frame -> !frame.heartbeat()
                && (frame.toKms() || frame.message().has("method") || !pings.contains(frame.id()))).toList();
    }

    /** KMS's recorded answer to the heartbeat, if the client sent one. */
    Optional<JsonNode> pong() {
        return frames.stream().filter(Frame::heartbeat).findFirst().flatMap(ping -> frames.stream()
                .filter(frame -> !frame.toKms() && !frame.message().has("method") && frame.id().equals(ping.id()))
                .findFirst()).map(Frame::message);
    }

    /** The adapter's requests in order, without the heartbeat. */
    List<Frame> requests() {
        return conversation().stream().filter(Frame::toKms).toList();
    }

    /** The result KMS gave to the recorded request {@code method} whose {@code params.operation} is {@code operation}. */
    JsonNode resultOf(String method, String operation) {
        for (Frame request : requests()) {
            if (request.method().equals(method) && (operation == null
                    || operation.equals(request.message().path("params").path("operation").asString(null)))) {
                return frames.stream().filter(frame -> !frame.toKms() && frame.id().equals(request.id())
                                && !frame.message().has("method")).findFirst()
                        .map(frame -> frame.message().path("result"))
                        .orElseThrow(() -> new AssertionError("no answer to " + request.summary()));
            }
        }
        throw new AssertionError("the recording has no " + method + " " + operation);
    }

    /** The events KMS sent of {@code type} ({@code IceCandidateFound}, …), as their {@code data}, in order. */
    List<JsonNode> events(String type) {
        List<JsonNode> found = new ArrayList<>();
        for (Frame frame : frames) {
            JsonNode value = frame.message().path("params").path("value");
            if (!frame.toKms() && "onEvent".equals(frame.method()) && type.equals(value.path("type").asString())) {
                found.add(value.path("data"));
            }
        }
        return found;
    }
}
