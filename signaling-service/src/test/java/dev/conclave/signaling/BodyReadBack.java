package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.support.RestEdge;
import dev.conclave.signaling.support.RestEdge.Endpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a body the REST edge accepted (2xx) must have done, read back through the API: the room created or changed
 * holds what was sent, the token names whom it was asked for, the mute, block or webhook is there as answered.
 */
final class BodyReadBack {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BodyReadBack() {
    }

    static void check(RestFuzzTest edge, Endpoint endpoint, String body, JsonNode answer) {
        JsonNode sent = JSON.readTree(body);
        String described = endpoint.name() + " accepted " + body + " -> " + answer;
        if (endpoint == RestEdge.CREATE_ROOM) {
            JsonNode stored = edge.read("/api/v1/rooms/" + answer.get("id").asString());
            for (String field : new String[] {"id", "access", "topology", "maxParticipants", "emptyTimeoutSeconds",
                    "metadata", "state"}) {
                assertThat(stored.get(field)).as(described + ", read back " + field).isEqualTo(answer.get(field));
            }
            if (sent.hasNonNull("name")) {
                assertThat(answer.get("id").asString()).as(described).isEqualTo(sent.get("name").asString());
            }
            if (sent.hasNonNull("maxParticipants")) {
                assertThat(answer.get("maxParticipants")).as(described).isEqualTo(sent.get("maxParticipants"));
            }
            if (sent.hasNonNull("metadata")) {
                assertThat(answer.get("metadata")).as(described).isEqualTo(sent.get("metadata"));
            }
        } else if (endpoint == RestEdge.UPDATE_ROOM) {
            JsonNode stored = edge.read("/api/v1/rooms/" + edge.room());
            assertThat(stored.get("metadata")).as(described).isEqualTo(sent.get("metadata"));
            assertThat(answer.get("metadata")).as(described).isEqualTo(sent.get("metadata"));
        } else if (endpoint == RestEdge.JOIN_TOKEN || endpoint == RestEdge.GUEST_TOKEN) {
            JsonNode claims = RestFuzzTest.tokenClaims(answer.get("token").asString());
            assertThat(claims.get("name").asString()).as(described).isEqualTo(sent.get("displayName").asString().strip());
            assertThat(claims.get("room").asString()).as(described).isEqualTo(edge.room());
            assertThat(claims.get("sub").asString()).as(described).isEqualTo(answer.get("identity").asString());
            if (endpoint == RestEdge.JOIN_TOKEN) {
                assertThat(answer.get("identity").asString()).as(described).isEqualTo(sent.get("identity").asString());
            }
        } else if (endpoint == RestEdge.MUTE || endpoint == RestEdge.CHAT_MUTE) {
            String flag = endpoint == RestEdge.CHAT_MUTE ? "chatMuted"
                    : sent.get("kind").asString().equals("audio") ? "audioMuted" : "videoMuted";
            JsonNode self = null;
            for (JsonNode member : edge.read("/api/v1/rooms/" + edge.room() + "/participants")) {
                if (member.get("id").asString().equals(edge.participant())) {
                    self = member;
                }
            }
            assertThat(self).as(described).isNotNull();
            assertThat(self.get(flag).asBoolean()).as(described).isEqualTo(sent.get("muted").asBoolean());
        } else if (endpoint == RestEdge.MESSAGE) {
            assertThat(answer.get("messageId").asString()).as(described).isNotBlank();
        } else if (endpoint == RestEdge.BLOCK) {
            JsonNode stored = null;
            for (JsonNode block : edge.read("/api/v1/rooms/" + edge.room() + "/blocks")) {
                if (block.get("id").equals(answer.get("id"))) {
                    stored = block;
                }
            }
            assertThat(stored).as(described).isNotNull();
            for (String field : new String[] {"identity", "address", "reason"}) {
                assertThat(stored.get(field)).as(described + ", read back " + field).isEqualTo(answer.get(field));
            }
            assertThat(answer.path("identity").asString(null)).as(described).isEqualTo(sent.path("identity").asString(null));
            assertThat(answer.path("reason").asString(null)).as(described).isEqualTo(sent.path("reason").asString(null));
        } else if (endpoint == RestEdge.WEBHOOK) {
            JsonNode stored = edge.read("/api/v1/webhooks/" + answer.get("id").asString());
            assertThat(stored.get("url").asString()).as(described).isEqualTo(sent.get("url").asString());
        }
    }
}
