package dev.conclave.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.signaling.event.RelayPayload.IceCandidate;
import dev.conclave.signaling.event.RelayPayload.ScreenShare;
import dev.conclave.signaling.event.RelayPayload.SdpType;
import dev.conclave.signaling.event.RelayPayload.SessionDescription;
import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.ChatMessage;
import dev.conclave.signaling.event.RoomEvent.ChatMuted;
import dev.conclave.signaling.event.RoomEvent.ConnectionQualityChanged;
import dev.conclave.signaling.event.RoomEvent.Disconnect;
import dev.conclave.signaling.event.RoomEvent.HandChanged;
import dev.conclave.signaling.event.RoomEvent.MediaCandidate;
import dev.conclave.signaling.event.RoomEvent.MuteChanged;
import dev.conclave.signaling.event.RoomEvent.ParticipantJoined;
import dev.conclave.signaling.event.RoomEvent.ParticipantLeft;
import dev.conclave.signaling.event.RoomEvent.ParticipantMoved;
import dev.conclave.signaling.event.RoomEvent.ParticipantReconnecting;
import dev.conclave.signaling.event.RoomEvent.ParticipantRemoved;
import dev.conclave.signaling.event.RoomEvent.ParticipantResumed;
import dev.conclave.signaling.event.RoomEvent.Reaction;
import dev.conclave.signaling.event.RoomEvent.Relayed;
import dev.conclave.signaling.event.RoomEvent.Renegotiate;
import dev.conclave.signaling.event.RoomEvent.RoomClosed;
import dev.conclave.signaling.event.RoomEvent.SpeakingChanged;
import dev.conclave.signaling.event.RoomEvent.StreamPublished;
import dev.conclave.signaling.event.RoomEvent.StreamUnpublished;
import dev.conclave.signaling.event.RoomEvent.TopologyChanged;
import dev.conclave.signaling.participant.ConnectionQuality;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

@DisplayName("room events on the Redis bus")
class RoomEventCodecTest {

    private static final RoomId ROOM = new RoomId("standup");
    private static final ParticipantId ADA = new ParticipantId("p_ada");
    private static final ParticipantId BOB = new ParticipantId("p_bob");
    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123456Z");

    /** Events that reach each node from media-service, never over the bus. */
    private static final Set<Class<?>> NOT_ON_THE_BUS = Set.of(MediaCandidate.class, Renegotiate.class);

    private final RoomEventCodec codec = new RoomEventCodec(new ClusterJson(JsonMapper.builder().build()));

    static List<RoomEvent> samples() {
        ParticipantInfo ada = new ParticipantInfo(ADA, "ada", "Ada", true, false, AT, Map.of("role", "host"), AT);
        return List.of(
                new ParticipantJoined(ROOM, ada),
                new ParticipantLeft(ROOM, ADA, LeaveReason.REMOVED),
                new ChatMessage(ROOM, "m_1", ADA, "Ada", "hello ✓", AT),
                new ChatMessage(ROOM, "m_2", null, null, "The meeting ends in 5 minutes", AT),
                new MuteChanged(ROOM, ADA, MediaKind.VIDEO, true, true),
                new HandChanged(ROOM, ADA, AT, null),
                new HandChanged(ROOM, ADA, null, BOB),
                new SpeakingChanged(ROOM, ADA, true),
                new Reaction(ROOM, ADA, "🎉"),
                new ConnectionQualityChanged(ROOM, ADA, ConnectionQuality.POOR),
                new ConnectionQualityChanged(ROOM, ADA, ConnectionQuality.GOOD),
                new ParticipantReconnecting(ROOM, ADA),
                new ParticipantResumed(ROOM, ADA),
                new ChatMuted(ROOM, ADA, true),
                new Disconnect(ROOM, ADA, LeaveReason.REMOVED),
                new ParticipantMoved(ROOM, ADA, "node-b"),
                new ParticipantRemoved(ROOM, ADA, "removed_by_moderator"),
                new RoomClosed(ROOM, "closed_by_api"),
                new Relayed(ROOM, ADA, BOB, new SessionDescription(SdpType.OFFER, "v=0\r\n")),
                new Relayed(ROOM, ADA, BOB, new IceCandidate("candidate:1 1 UDP 1 127.0.0.1 9 typ host", "0", 0,
                        null)),
                new Relayed(ROOM, ADA, BOB, new ScreenShare(true)),
                new StreamPublished(ROOM, ADA, "kms-1"),
                new StreamUnpublished(ROOM, ADA),
                new TopologyChanged(ROOM, Topology.SFU, "ROOM_GREW"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @DisplayName("each event reads back as it was sent")
    void roundTrips(RoomEvent event) {
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    @DisplayName("every kind of room event but media-service's has a sample above, so none is left out of the bus")
    void everyEventTypeIsSampled() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> onTheBus = Arrays.stream(RoomEvent.class.getPermittedSubclasses())
                .filter(type -> !NOT_ON_THE_BUS.contains(type)).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(onTheBus);
    }
}
