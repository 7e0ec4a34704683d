package dev.conclave.signaling.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every endpoint of signaling-service's REST API that takes a body, with one valid body each and the kind of every
 * field: the table the bad-input tests ({@code RestBadInputIT}) and the REST fuzzer ({@code RestBodyFuzzTest}) both
 * walk. A new endpoint with a body belongs here.
 */
public final class RestEdge {

    /** What a field holds, which decides the wrong types and bad strings tried in it. */
    public enum Kind {
        TEXT, ENUM, INTEGER, BOOLEAN, TEXT_LIST, OBJECT
    }

    /** A field of a body and its valid value, as raw JSON. */
    public record Field(String name, Kind kind, String validJson) {
    }

    /**
     * @param path with {@code {room}} and {@code {participant}} for the fixture's room and a participant in it
     */
    public record Endpoint(String name, String method, String path, List<Field> fields) {

        public String path(String room, String participant) {
            return path.replace("{room}", room).replace("{participant}", participant);
        }

        public String validBody() {
            return body(Map.of());
        }

        /** The valid body with some fields' raw JSON replaced. */
        public String body(Map<String, String> replaced) {
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach(field -> values.put(field.name(), replaced.getOrDefault(field.name(), field.validJson())));
            return values.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }

        public String with(String field, String rawJson) {
            return body(Map.of(field, rawJson));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public static final Endpoint CREATE_ROOM = new Endpoint("create a room", "POST", "/api/v1/rooms", List.of(
            new Field("name", Kind.TEXT, "\"never-created-by-bad-input\""),
            new Field("access", Kind.ENUM, "\"OPEN\""),
            new Field("topology", Kind.ENUM, "\"MESH\""),
            new Field("maxParticipants", Kind.INTEGER, "8"),
            new Field("emptyTimeoutSeconds", Kind.INTEGER, "300"),
            new Field("metadata", Kind.OBJECT, "{\"team\":\"finance\",\"quarter\":4}")));

    public static final Endpoint UPDATE_ROOM = new Endpoint("replace a room's metadata", "PATCH", "/api/v1/rooms/{room}",
            List.of(new Field("metadata", Kind.OBJECT, "{\"agenda\":\"Q4\"}")));

    public static final Endpoint JOIN_TOKEN = new Endpoint("mint a join token", "POST",
            "/api/v1/rooms/{room}/join-tokens", List.of(
            new Field("identity", Kind.TEXT, "\"grace\""),
            new Field("displayName", Kind.TEXT, "\"Grace Hopper\""),
            new Field("grants", Kind.TEXT_LIST, "[\"publish\",\"subscribe\",\"chat\"]"),
            new Field("metadata", Kind.OBJECT, "{\"seat\":\"12A\"}"),
            new Field("ttlSeconds", Kind.INTEGER, "3600")));

    public static final Endpoint GUEST_TOKEN = new Endpoint("get a guest token", "POST",
            "/api/v1/rooms/{room}/guest-tokens", List.of(new Field("displayName", Kind.TEXT, "\"Ada\"")));

    public static final Endpoint MUTE = new Endpoint("mute a participant", "POST",
            "/api/v1/rooms/{room}/participants/{participant}/mute", List.of(
            new Field("kind", Kind.TEXT, "\"audio\""),
            new Field("muted", Kind.BOOLEAN, "true")));

    public static final Endpoint CHAT_MUTE = new Endpoint("mute a participant's chat", "POST",
            "/api/v1/rooms/{room}/participants/{participant}/chat-mute",
            List.of(new Field("muted", Kind.BOOLEAN, "true")));

    public static final Endpoint MESSAGE = new Endpoint("send a system message", "POST",
            "/api/v1/rooms/{room}/messages", List.of(new Field("text", Kind.TEXT, "\"Five minutes left\"")));

    public static final Endpoint BLOCK = new Endpoint("block someone", "POST", "/api/v1/rooms/{room}/blocks", List.of(
            new Field("identity", Kind.TEXT, "\"mallory\""),
            new Field("address", Kind.TEXT, "\"203.0.113.7\""),
            new Field("reason", Kind.TEXT, "\"spam\"")));

    public static final Endpoint WEBHOOK = new Endpoint("register a webhook", "POST", "/api/v1/webhooks", List.of(
            new Field("url", Kind.TEXT, "\"https://hooks.example.org/conclave\""),
            new Field("events", Kind.TEXT_LIST, "[\"room.created\",\"participant.joined\"]")));

    public static final List<Endpoint> WITH_BODIES = List.of(CREATE_ROOM, UPDATE_ROOM, JOIN_TOKEN, GUEST_TOKEN, MUTE,
            CHAT_MUTE, MESSAGE, BLOCK, WEBHOOK);

    private RestEdge() {
    }
}
