package dev.conclave.signaling.cluster;

import dev.conclave.signaling.event.RelayPayload;
import dev.conclave.signaling.event.RelayPayload.IceCandidate;
import dev.conclave.signaling.event.RelayPayload.ScreenShare;
import dev.conclave.signaling.event.RelayPayload.SdpType;
import dev.conclave.signaling.event.RelayPayload.SessionDescription;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How domain values travel between nodes through Redis: explicit JSON, field by field, read as strictly. */
final class ClusterJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JsonMapper json;

    ClusterJson(JsonMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    String write(JsonNode node) {
        return json.writeValueAsString(node);
    }

    JsonNode read(String text) {
        return json.readTree(text);
    }

    String member(Member member) {
        ObjectNode node = object();
        node.put("roomId", member.roomId().value());
        node.set("info", participant(member.info()));
        node.put("node", member.node());
        node.put("attachment", member.attachment());
        node.put("presence", member.presence().name());
        node.put("since", member.presenceSince().toString());
        node.put("audience", member.audience());
        node.put("chatMuted", member.chatMuted());
        return write(node);
    }

    Member member(String text) {
        JsonNode node = read(text);
        return new Member(new RoomId(node.get("roomId").asString()), participant(node.get("info")),
                node.get("node").asString(), node.get("attachment").asString(),
                Member.Presence.valueOf(node.get("presence").asString()), Instant.parse(node.get("since").asString()),
                node.get("audience").asBoolean(), node.get("chatMuted").asBoolean());
    }

    ObjectNode participant(ParticipantInfo info) {
        ObjectNode node = object();
        node.put("id", info.id().value());
        node.put("identity", info.identity());
        node.put("name", info.name());
        node.put("audioMuted", info.audioMuted());
        node.put("videoMuted", info.videoMuted());
        node.put("joinedAt", info.joinedAt().toString());
        node.set("metadata", json.valueToTree(info.metadata()));
        if (info.handRaisedAt() != null) {
            node.put("handRaisedAt", info.handRaisedAt().toString());
        }
        return node;
    }

    ParticipantInfo participant(JsonNode node) {
        return new ParticipantInfo(new ParticipantId(node.get("id").asString()), node.get("identity").asString(),
                node.get("name").asString(), node.get("audioMuted").asBoolean(), node.get("videoMuted").asBoolean(),
                Instant.parse(node.get("joinedAt").asString()), map(node.get("metadata")),
                node.hasNonNull("handRaisedAt") ? Instant.parse(node.get("handRaisedAt").asString()) : null);
    }

    Map<String, Object> map(JsonNode node) {
        return node == null || node.isNull() ? Map.of() : json.treeToValue(node, MAP);
    }

    JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    ObjectNode payload(RelayPayload payload) {
        ObjectNode node = object();
        if (payload instanceof SessionDescription description) {
            node.put("type", description.type().name());
            node.put("sdp", description.sdp());
        } else if (payload instanceof IceCandidate candidate) {
            node.put("type", "CANDIDATE");
            node.put("candidate", candidate.candidate());
            node.put("sdpMid", candidate.sdpMid());
            if (candidate.sdpMLineIndex() != null) {
                node.put("sdpMLineIndex", candidate.sdpMLineIndex());
            }
            node.put("usernameFragment", candidate.usernameFragment());
        } else if (payload instanceof ScreenShare screen) {
            node.put("type", "SCREEN");
            node.put("active", screen.active());
        }
        return node;
    }

    RelayPayload payload(JsonNode node) {
        String type = node.get("type").asString();
        return switch (type) {
            case "OFFER", "ANSWER" -> new SessionDescription(SdpType.valueOf(type), node.get("sdp").asString());
            case "CANDIDATE" -> new IceCandidate(node.get("candidate").asString(), text(node, "sdpMid"),
                    node.hasNonNull("sdpMLineIndex") ? node.get("sdpMLineIndex").asInt() : null,
                    text(node, "usernameFragment"));
            case "SCREEN" -> new ScreenShare(node.get("active").asBoolean());
            default -> throw new IllegalArgumentException("unknown relay payload type " + type);
        };
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
