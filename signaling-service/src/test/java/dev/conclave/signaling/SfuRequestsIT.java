package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The SFU methods at signaling's edge, on a node without a media tier: what is checked before media-service is
 * asked (media-service itself is exercised by media-service's contract test and, with Kurento, SfuMeetingIT).
 */
@DisplayName("SFU methods on a node without a media tier")
class SfuRequestsIT extends SignalingIT {

    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:actpass\r\na=sendonly\r\n";

    @Test
    @DisplayName("an SDP that is not an offer, or not SDP at all, is INVALID_SDP naming the field")
    void badSdp() {
        Joined ada = joinAs(openRoom(), "Ada");
        assertThat(field(ada.client().error("publish", Map.of("sdpOffer", "hello"), 7004))).isEqualTo("sdpOffer");
        ada.client().error("publish", Map.of("sdpOffer", OFFER.replace("actpass", "active")), 7004);
        ada.client().error("subscribe", Map.of("publisherId", "p_x", "sdpOffer", "v=0\r\n"), 7004);
        ada.client().error("publish", Map.of(), -32602);
        ada.client().error("subscribe", Map.of("sdpOffer", OFFER), -32602);
    }

    @Test
    @DisplayName("a malformed ICE candidate is INVALID_PARAMS")
    void badCandidate() {
        Joined ada = joinAs(openRoom(), "Ada");
        ada.client().error("iceCandidate", Map.of("candidate", Map.of("candidate", "a=nonsense")), -32602);
        ada.client().error("iceCandidate", Map.of("candidate", Map.of("candidate", "candidate:1 1 UDP 1 10.0.0.1 9 typ host",
                "sdpMLineIndex", 99)), -32602);
        ada.client().error("iceCandidate", Map.of("candidate", "candidate:1"), -32602);
    }

    @Test
    @DisplayName("SFU methods in a mesh room are NOT_SFU_ROOM")
    void meshRoom() {
        Joined ada = joinAs(openRoom(), "Ada");
        ada.client().error("publish", Map.of("sdpOffer", OFFER), 7001);
        ada.client().error("subscribe", Map.of("publisherId", "p_x", "sdpOffer", OFFER), 7001);
        ada.client().error("iceCandidate", Map.of("candidate", Map.of("candidate", "candidate:1 1 UDP 1 10.0.0.1 9 typ host")),
                7001);
        ada.client().error("unpublish", Map.of(), 7001);
    }

    @Test
    @DisplayName("in an SFU room with no media tier configured: SFU_UNAVAILABLE; the join result lists no publishers")
    void noMediaTier() {
        String room = openRoom();
        jdbc.update("UPDATE room SET topology = 'SFU' WHERE id = ?", room);
        JsonNode joined = connect().join(room, TOKENS.token(room, "user-sfu", "Sam"));
        assertThat(joined.get("topology").asString()).isEqualTo("SFU");
        assertThat(joined.get("publishers").isEmpty()).isTrue();
        Joined ada = joinAs(room, "Ada");
        ada.client().error("publish", Map.of("sdpOffer", OFFER), 7000);
        ada.client().error("subscribe", Map.of("publisherId", "p_x", "sdpOffer", OFFER), 7000);
    }

    @Test
    @DisplayName("subscribing to oneself is refused at the edge")
    void selfSubscription() {
        String room = openRoom();
        jdbc.update("UPDATE room SET topology = 'SFU' WHERE id = ?", room);
        Joined ada = joinAs(room, "Ada");
        ada.client().error("subscribe", Map.of("publisherId", ada.participantId(), "sdpOffer", OFFER), 7006);
    }

    private static String field(JsonNode error) {
        return error.get("data").get("field").asString();
    }
}
