package dev.conclave.signaling.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.conclave.signaling.ice.IceProperties.IceServer;
import dev.conclave.signaling.membership.JoinResult;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.ParticipantInfo;
import java.time.Instant;
import java.util.List;

/** Results as the protocol (docs/protocol.md) spells them; domain objects never reach the wire directly. */
final class RpcViews {

    private RpcViews() {
    }

    record ParticipantView(String id, String identity, String name, boolean audioMuted, boolean videoMuted,
                           Instant joinedAt) {
        static ParticipantView of(ParticipantInfo info) {
            return new ParticipantView(info.id().value(), info.identity(), info.name(), info.audioMuted(),
                    info.videoMuted(), info.joinedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IceServerView(List<String> urls, String username, String credential) {
        static IceServerView of(IceServer server) {
            return new IceServerView(server.urls(), server.username(), server.credential());
        }
    }

    record JoinRoomResult(String roomId, String access, int maxParticipants, ParticipantView participant,
                          List<String> grants, List<ParticipantView> participants, List<IceServerView> iceServers,
                          long pingIntervalMs) {
        static JoinRoomResult of(JoinResult joined, List<IceServer> iceServers, long pingIntervalMs) {
            return new JoinRoomResult(joined.room().id().value(), joined.room().access().name(),
                    joined.room().maxParticipants(), ParticipantView.of(joined.self().info()),
                    joined.self().grants().stream().sorted().map(Grant::wireName).toList(),
                    joined.others().stream().map(ParticipantView::of).toList(),
                    iceServers.stream().map(IceServerView::of).toList(), pingIntervalMs);
        }
    }

    record SendMessageResult(String messageId, Instant sentAt) {
    }

    record PingResult(Instant serverTime) {
    }

    record Empty() {
    }
}
