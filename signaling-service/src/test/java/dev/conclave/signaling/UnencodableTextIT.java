package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.media.MediaEventDelivery;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.RpcTestClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Text the server cannot encode for the wire — an unpaired UTF-16 surrogate, which is valid JSON ({@code "\ud800"})
 * but no character, so UTF-8 has no bytes for it — on every path that reaches other participants. The one who sends
 * it is refused, naming the field; everyone else stays connected and hears what comes next.
 */
@DisplayName("text UTF-8 cannot encode (an unpaired surrogate)")
class UnencodableTextIT extends SignalingIT {

    /** An unpaired high surrogate, as the JSON escape a client sends. */
    private static final String LONE = "\\ud800";
    private static final String OFFER = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=setup:actpass\\r\\n";

    @Autowired
    private MediaEventDelivery mediaEvents;

    private String room;
    private Joined ada;
    private Joined bob;
    private Joined carol;

    @BeforeEach
    void threeInARoom() {
        room = openRoom();
        ada = joinAs(room, "Ada");
        bob = joinAs(room, "Bob");
        carol = joinAs(room, "Carol");
    }

    /** Bob and Carol are still connected and hear Ada's next message. */
    private void othersUndisturbed() {
        String later = "still here " + System.nanoTime();
        ada.client().result("sendMessage", java.util.Map.of("text", later));
        for (Joined other : List.of(bob, carol)) {
            assertThat(awaitMessage(other.client(), later)).as("%s hears the next message", other.identity()).isTrue();
            assertThat(other.client().isClosed()).as("%s still connected", other.identity()).isFalse();
        }
    }

    private static boolean awaitMessage(RpcTestClient client, String text) {
        while (true) {
            JsonNode message = client.awaitNotification("message");
            if (message.get("text").asString().equals(text)) {
                return true;
            }
        }
    }

    static Stream<Arguments> requests() {
        String candidate = "{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"";
        return Stream.of(
                Arguments.of("chat text", "sendMessage", "{\"text\":\"hi " + LONE + "\"}", "text"),
                Arguments.of("chat text, an unpaired low surrogate", "sendMessage", "{\"text\":\"\\udc00 hi\"}", "text"),
                Arguments.of("chat text, a pair the wrong way round", "sendMessage", "{\"text\":\"\\udc00\\ud800\"}", "text"),
                Arguments.of("a relayed offer", "relay",
                        "{\"to\":\"BOB\",\"payload\":{\"type\":\"offer\",\"sdp\":\"v=0 " + LONE + "\"}}", "payload.sdp"),
                Arguments.of("a relayed answer", "relay",
                        "{\"to\":\"BOB\",\"payload\":{\"type\":\"answer\",\"sdp\":\"v=0 " + LONE + "\"}}", "payload.sdp"),
                Arguments.of("a relayed candidate line", "relay",
                        "{\"to\":\"BOB\",\"payload\":{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:" + LONE + "\"}}}",
                        "payload.candidate.candidate"),
                Arguments.of("a relayed candidate's sdpMid", "relay",
                        "{\"to\":\"BOB\",\"payload\":" + candidate + ",\"sdpMid\":\"" + LONE + "\"}}}", "payload.candidate.sdpMid"),
                Arguments.of("a relayed candidate's usernameFragment", "relay",
                        "{\"to\":\"BOB\",\"payload\":" + candidate + ",\"usernameFragment\":\"" + LONE + "\"}}}",
                        "payload.candidate.usernameFragment"),
                Arguments.of("the relay's target", "relay",
                        "{\"to\":\"p_" + LONE + "\",\"payload\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}", "to"),
                Arguments.of("a parameter's name", "sendMessage", "{\"text\":\"hi\",\"x" + LONE + "\":1}", "x\uFFFD"),
                Arguments.of("mute state", "setMuted", "{\"kind\":\"audio" + LONE + "\",\"muted\":true}", "kind"),
                Arguments.of("a chat mute's target", "muteChat", "{\"participantId\":\"p_" + LONE + "\",\"muted\":true}",
                        "participantId"),
                Arguments.of("an SFU offer", "publish", "{\"sdpOffer\":\"" + OFFER + LONE + "\"}", "sdpOffer"),
                Arguments.of("an SFU subscription's publisher", "subscribe",
                        "{\"publisherId\":\"p_" + LONE + "\",\"sdpOffer\":\"" + OFFER + "\"}", "publisherId"),
                Arguments.of("an SFU candidate", "iceCandidate",
                        "{\"candidate\":{\"candidate\":\"candidate:1 " + LONE + "\"}}", "candidate.candidate"),
                Arguments.of("a resume token", "resumeRoom", "{\"roomId\":\"r\",\"resumeToken\":\"rt_" + LONE + "\"}",
                        "resumeToken"));
    }

    @Nested
    @DisplayName("sent by a participant over JSON-RPC")
    class OverRpc {

        @ParameterizedTest(name = "in {0}: INVALID_PARAMS naming {3}, the others stay")
        @MethodSource("dev.conclave.signaling.UnencodableTextIT#requests")
        void refusedNamingTheField(String path, String method, String params, String field) {
            JsonNode error = ada.client().errorOf(ada.client().callRaw(method, params.replace("BOB", bob.participantId())),
                    -32602);
            assertThat(error.get("data").get("name").asString()).isEqualTo("INVALID_PARAMS");
            assertThat(error.get("data").get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).contains("UTF-8");
            othersUndisturbed();
            bob.client().assertNoNotification("relay", Duration.ofMillis(100));
        }

        @Test
        @DisplayName("in a request's id or method: INVALID_REQUEST with a null id, the sender keeps its socket")
        void inTheEnvelope() {
            for (String frame : List.of(
                    "{\"jsonrpc\":\"2.0\",\"id\":\"" + LONE + "\",\"method\":\"ping\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping" + LONE + "\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"" + LONE + "\":1}")) {
                ada.client().sendRaw(frame);
                JsonNode response = ada.client().nextResponse();
                ada.client().errorOf(response, -32600);
            }
            ada.client().result("ping", null);
            othersUndisturbed();
        }

        @Test
        @DisplayName("control characters in chat are refused too; tab and line breaks are not")
        void controlCharacters() {
            for (String text : List.of("a\\u0000b", "\\u001b[31mred", "bell\\u0007", "del\\u007f", "c1\\u0085")) {
                JsonNode error = ada.client().errorOf(ada.client().callRaw("sendMessage", "{\"text\":\"" + text + "\"}"),
                        -32602);
                assertThat(error.get("data").get("field").asString()).isEqualTo("text");
            }
            ada.client().callRaw("sendMessage", "{\"text\":\"two\\nlines\\tand a tab\"}");
            assertThat(awaitMessage(bob.client(), "two\nlines\tand a tab")).isTrue();
            othersUndisturbed();
        }
    }

    @Nested
    @DisplayName("in a join token")
    class InJoinTokens {

        @ParameterizedTest(name = "{0}: TOKEN_INVALID for the newcomer, the others stay")
        @MethodSource("dev.conclave.signaling.UnencodableTextIT#tokens")
        void refused(String where, String marker, String replacement) {
            // Carol's participantJoined, which may still be on its way: awaited, not drained, or it comes later and
            // looks like Eve's.
            assertThat(bob.client().awaitNotification("participantJoined").get("participant").get("name").asString())
                    .isEqualTo("Carol");
            RpcTestClient eve = connect();
            String token = TOKENS.tokenWithRawClaims(room, "eve", "Eve", claims -> replacement.startsWith("{")
                    ? claims.replace("\"guest\":false", "\"guest\":false,\"metadata\":" + replacement)
                    : claims.replace(marker, replacement));
            JsonNode error = eve.error("joinRoom", java.util.Map.of("roomId", room, "token", token), 3001);
            assertThat(error.get("message").asString()).contains("UTF-8");
            assertThat(eve.awaitCloseCode()).isEqualTo(4401);
            bob.client().assertNoNotification("participantJoined", Duration.ofMillis(100));
            othersUndisturbed();
        }
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("the display name", "\"Eve\"", "\"Eve " + LONE + "\""),
                Arguments.of("a metadata value", "", "{\"team\":\"" + LONE + "\"}"),
                Arguments.of("a metadata key", "", "{\"" + LONE + "\":1}"),
                Arguments.of("a nested metadata value", "", "{\"a\":[{\"b\":\"x" + LONE + "\"}]}"));
    }

    @Nested
    @DisplayName("sent through the REST API")
    class OverRest {

        private ApiClient api;

        @BeforeEach
        void client() {
            api = new ApiClient("http://127.0.0.1:" + port, TOKENS.accessToken("backend", "rooms:read", "rooms:write"));
        }

        @ParameterizedTest(name = "{0}: 400 naming {3}, the room's members stay")
        @MethodSource("dev.conclave.signaling.UnencodableTextIT#restRequests")
        void refusedNamingTheField(String what, String method, String path, String field, String body) {
            String target = path.replace("ROOM", room).replace("BOB", bob.participantId());
            ApiClient.Response response = method.equals("PATCH") ? api.patch(target, body) : api.post(target, body);
            JsonNode problem = response.invalidField(field);
            assertThat(problem.toString()).contains("UTF-8");
            othersUndisturbed();
            assertThat(ada.client().isClosed()).isFalse();
        }

        @Test
        @DisplayName("control characters in a system message are refused; line breaks are not")
        void controlCharacters() {
            api.post("/api/v1/rooms/" + room + "/messages", "{\"text\":\"a\\u0000b\"}").invalidField("text");
            api.post("/api/v1/rooms/" + room + "/messages", "{\"text\":\"line one\\nline two\"}").expect(201);
            assertThat(awaitMessage(bob.client(), "line one\nline two")).isTrue();
        }
    }

    static Stream<Arguments> restRequests() {
        return Stream.of(
                Arguments.of("a system message", "POST", "/api/v1/rooms/ROOM/messages", "text",
                        "{\"text\":\"Five minutes " + LONE + "\"}"),
                Arguments.of("a new room's metadata", "POST", "/api/v1/rooms", "metadata.agenda",
                        "{\"metadata\":{\"agenda\":\"" + LONE + "\"}}"),
                // (in a key, Jackson's own parser refuses it: "Broken surrogate pair in property name")
                Arguments.of("a room's new metadata", "PATCH", "/api/v1/rooms/ROOM", "metadata.notes.x",
                        "{\"metadata\":{\"notes\":{\"x\":\"" + LONE + "\"}}}"),
                Arguments.of("an invitation's display name", "POST", "/api/v1/rooms/ROOM/join-tokens", "displayName",
                        "{\"identity\":\"grace\",\"displayName\":\"Grace " + LONE + "\"}"),
                Arguments.of("an invitation's metadata", "POST", "/api/v1/rooms/ROOM/join-tokens", "metadata.tags[1]",
                        "{\"identity\":\"grace\",\"displayName\":\"Grace\",\"metadata\":{\"tags\":[\"a\",\"" + LONE + "\"]}}"),
                Arguments.of("a guest's display name", "POST", "/api/v1/rooms/ROOM/guest-tokens", "displayName",
                        "{\"displayName\":\"Eve " + LONE + "\"}"),
                Arguments.of("a block's reason", "POST", "/api/v1/rooms/ROOM/blocks", "reason",
                        "{\"identity\":\"eve\",\"reason\":\"spam " + LONE + "\"}"));
    }

    @Test
    @DisplayName("an SFU notification the node cannot encode is dropped for its recipient, who stays and hears the next")
    void mediaEventDropped() {
        String sfuRoom = openRoom();
        jdbc.update("UPDATE room SET topology = 'SFU' WHERE id = ?", sfuRoom);
        Joined dan = joinAs(sfuRoom, "Dan");
        ParticipantId danId = new ParticipantId(dan.participantId());
        mediaEvents.iceCandidate(new RoomId(sfuRoom), danId, null, new IceCandidate("candidate:1 \ud800", "0", 0));
        mediaEvents.iceCandidate(new RoomId(sfuRoom), danId, null,
                new IceCandidate("candidate:2 1 udp 1 127.0.0.1 9 typ host", "0", 0));
        JsonNode candidate = dan.client().awaitNotification("iceCandidate");
        assertThat(candidate.get("candidate").get("candidate").asString()).startsWith("candidate:2");
        dan.client().result("ping", null);
        assertThat(dan.client().isClosed()).isFalse();
    }
}
