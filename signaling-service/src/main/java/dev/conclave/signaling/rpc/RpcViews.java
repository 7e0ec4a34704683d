package dev.conclave.signaling.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.conclave.signaling.ice.IceProperties.IceServer;
import dev.conclave.signaling.media.MediaAllocationClient;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.Topology;
import dev.conclave.signaling.membership.JoinResult;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.ParticipantInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Results as the protocol (docs/protocol.md) spells them; domain objects never reach the wire directly. */
final class RpcViews {

    private RpcViews() {
    }

    /** @param handRaisedAt {@code null} (and so written) while the hand is down */
    record ParticipantView(String id, String identity, String name, boolean audioMuted, boolean videoMuted,
                           Instant joinedAt, Map<String, Object> metadata, Instant handRaisedAt) {
        static ParticipantView of(ParticipantInfo info) {
            return new ParticipantView(info.id().value(), info.identity(), info.name(), info.audioMuted(),
                    info.videoMuted(), info.joinedAt(), info.metadata(), info.handRaisedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IceServerView(List<String> urls, String username, String credential) {
        static IceServerView of(IceServer server) {
            return new IceServerView(server.urls(), server.username(), server.credential());
        }
    }

    /**
     * @param publishers SFU rooms: who publishes now, to subscribe to (null, and left out, in mesh rooms)
     */
    record JoinRoomResult(String roomId, String access, String topology, int maxParticipants,
                          Map<String, Object> metadata, ParticipantView participant, List<String> grants,
                          List<ParticipantView> participants, int audienceCount, List<IceServerView> iceServers,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> publishers,
                          long pingIntervalMs, String resumeToken, long resumeGraceMs) {
        static JoinRoomResult of(JoinResult joined, List<IceServer> iceServers,
                                 MediaAllocationClient.Publishers publishers, long pingIntervalMs,
                                 long resumeGraceMs) {
            return new JoinRoomResult(joined.room().id().value(), joined.room().access().name(),
                    joined.room().mediaTopology().name(), joined.room().maxParticipants(), joined.room().metadata(),
                    ParticipantView.of(joined.self()),
                    joined.participant().grants().stream().sorted().map(Grant::wireName).toList(),
                    joined.others().stream().map(ParticipantView::of).toList(), joined.audienceCount(),
                    iceServers.stream().map(IceServerView::of).toList(),
                    joined.room().mediaTopology() == Topology.SFU
                            ? publishers.participants().stream().map(ParticipantId::value).toList() : null,
                    pingIntervalMs, joined.resumeToken(),
                    resumeGraceMs);
        }
    }

    record SdpAnswerResult(String sdpAnswer, String workerId) {
        static SdpAnswerResult of(MediaAllocationClient.Answer answer) {
            return new SdpAnswerResult(answer.sdpAnswer(), answer.worker());
        }
    }

    record SendMessageResult(String messageId, Instant sentAt) {
    }

    record PingResult(Instant serverTime) {
    }

    record Empty() {
    }
}
