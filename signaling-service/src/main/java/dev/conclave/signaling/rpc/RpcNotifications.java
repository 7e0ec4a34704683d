package dev.conclave.signaling.rpc;

import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.ChatMessage;
import dev.conclave.signaling.event.RoomEvent.ChatMuted;
import dev.conclave.signaling.event.RoomEvent.ConnectionQualityChanged;
import dev.conclave.signaling.event.RoomEvent.HandChanged;
import dev.conclave.signaling.event.RoomEvent.MuteChanged;
import dev.conclave.signaling.event.RoomEvent.ParticipantJoined;
import dev.conclave.signaling.event.RoomEvent.ParticipantLeft;
import dev.conclave.signaling.event.RoomEvent.ParticipantReconnecting;
import dev.conclave.signaling.event.RoomEvent.ParticipantRemoved;
import dev.conclave.signaling.event.RoomEvent.ParticipantResumed;
import dev.conclave.signaling.event.RoomEvent.Reaction;
import dev.conclave.signaling.event.RoomEvent.Relayed;
import dev.conclave.signaling.event.RoomEvent.MediaCandidate;
import dev.conclave.signaling.event.RoomEvent.Renegotiate;
import dev.conclave.signaling.event.RoomEvent.RoomClosed;
import dev.conclave.signaling.event.RoomEvent.SpeakingChanged;
import dev.conclave.signaling.event.RoomEvent.StreamPublished;
import dev.conclave.signaling.event.RoomEvent.StreamUnpublished;
import dev.conclave.signaling.event.RoomEvent.TopologyChanged;
import dev.conclave.signaling.rpc.RpcViews.ParticipantView;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Room events as the JSON-RPC notifications of docs/protocol.md. */
@Component
class RpcNotifications {

    private final RpcCodec codec;

    RpcNotifications(RpcCodec codec) {
        this.codec = codec;
    }

    /** The server asks a client to reconnect elsewhere and resume, now. */
    String reconnect(String reason) {
        return codec.notification("reconnect", Map.of("reason", reason));
    }

    String encode(RoomEvent event) {
        if (event instanceof ParticipantJoined joined) {
            return codec.notification("participantJoined", Map.of("participant", ParticipantView.of(joined.participant())));
        }
        if (event instanceof ParticipantLeft left) {
            return codec.notification("participantLeft", ordered(
                    "participantId", left.participant().value(), "reason", left.reason().wireName()));
        }
        if (event instanceof ChatMessage message) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("id", message.messageId());
            params.put("from", message.system() ? null
                    : ordered("participantId", message.from().value(), "name", message.fromName()));
            params.put("system", message.system());
            params.put("text", message.text());
            params.put("sentAt", message.sentAt());
            return codec.notification("message", params);
        }
        if (event instanceof MuteChanged muted) {
            Map<String, Object> params = ordered("participantId", muted.participant().value(), "kind", muted.kind().wireName());
            params.put("muted", muted.muted());
            params.put("byServer", muted.byServer());
            return codec.notification("muted", params);
        }
        if (event instanceof HandChanged hand) {
            Map<String, Object> params = ordered("participantId", hand.participant().value(), "raised", hand.raised());
            params.put("raisedAt", hand.raisedAt());
            params.put("by", hand.by() == null ? null : hand.by().value());
            return codec.notification("handChanged", params);
        }
        if (event instanceof SpeakingChanged speaking) {
            return codec.notification("speaking", ordered("participantId", speaking.participant().value(),
                    "speaking", speaking.speaking()));
        }
        if (event instanceof Reaction reaction) {
            return codec.notification("reaction", ordered("participantId", reaction.participant().value(),
                    "emoji", reaction.emoji()));
        }
        if (event instanceof ConnectionQualityChanged quality) {
            return codec.notification("connectionQuality", ordered("participantId", quality.participant().value(),
                    "level", quality.level().wireName()));
        }
        if (event instanceof ParticipantReconnecting reconnecting) {
            return codec.notification("participantReconnecting", Map.of("participantId", reconnecting.participant().value()));
        }
        if (event instanceof ParticipantResumed resumed) {
            return codec.notification("participantResumed", Map.of("participantId", resumed.participant().value()));
        }
        if (event instanceof ChatMuted chatMuted) {
            return codec.notification("chatMuted", ordered("participantId", chatMuted.participant().value(),
                    "muted", chatMuted.muted()));
        }
        if (event instanceof ParticipantRemoved removed) {
            return codec.notification("removed", Map.of("reason", removed.reason()));
        }
        if (event instanceof RoomClosed closed) {
            return codec.notification("roomClosed", Map.of("reason", closed.reason()));
        }
        if (event instanceof Relayed relayed) {
            return codec.notification("relay", ordered(
                    "from", relayed.from().value(), "payload", RelayPayloads.write(relayed.payload())));
        }
        if (event instanceof StreamPublished published) {
            return codec.notification("streamPublished", ordered("participantId", published.participant().value(),
                    "workerId", published.worker()));
        }
        if (event instanceof StreamUnpublished unpublished) {
            return codec.notification("streamUnpublished", Map.of("participantId", unpublished.participant().value()));
        }
        if (event instanceof MediaCandidate found) {
            Map<String, Object> candidate = ordered("candidate", found.candidate().candidate(),
                    "sdpMid", found.candidate().sdpMid());
            candidate.put("sdpMLineIndex", found.candidate().sdpMLineIndex());
            return codec.notification("iceCandidate", ordered("publisherId",
                    found.publisher() == null ? null : found.publisher().value(), "candidate", candidate));
        }
        if (event instanceof Renegotiate renegotiate) {
            return codec.notification("renegotiate", ordered("workerId", renegotiate.worker(),
                    "reason", renegotiate.reason()));
        }
        if (event instanceof TopologyChanged changed) {
            Map<String, Object> params = ordered("workerId", "", "reason", changed.reason());
            params.put("topology", changed.topology().name());
            return codec.notification("renegotiate", params);
        }
        throw new IllegalArgumentException("no notification for " + event.getClass().getSimpleName());
    }

    private static Map<String, Object> ordered(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key1, value1);
        map.put(key2, value2);
        return map;
    }
}
