package dev.conclave.signaling.cluster;

import dev.conclave.signaling.event.RoomEvent;
import dev.conclave.signaling.event.RoomEvent.ChatMessage;
import dev.conclave.signaling.event.RoomEvent.ChatMuted;
import dev.conclave.signaling.event.RoomEvent.ConnectionQualityChanged;
import dev.conclave.signaling.event.RoomEvent.Disconnect;
import dev.conclave.signaling.event.RoomEvent.HandChanged;
import dev.conclave.signaling.event.RoomEvent.MuteChanged;
import dev.conclave.signaling.event.RoomEvent.ParticipantJoined;
import dev.conclave.signaling.event.RoomEvent.ParticipantLeft;
import dev.conclave.signaling.event.RoomEvent.ParticipantMoved;
import dev.conclave.signaling.event.RoomEvent.ParticipantReconnecting;
import dev.conclave.signaling.event.RoomEvent.ParticipantRemoved;
import dev.conclave.signaling.event.RoomEvent.ParticipantResumed;
import dev.conclave.signaling.event.RoomEvent.Reaction;
import dev.conclave.signaling.event.RoomEvent.Relayed;
import dev.conclave.signaling.event.RoomEvent.RoomClosed;
import dev.conclave.signaling.event.RoomEvent.SpeakingChanged;
import dev.conclave.signaling.event.RoomEvent.StreamPublished;
import dev.conclave.signaling.event.RoomEvent.StreamUnpublished;
import dev.conclave.signaling.event.RoomEvent.TopologyChanged;
import dev.conclave.signaling.room.Topology;
import dev.conclave.signaling.participant.ConnectionQuality;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Room events on the Redis bus: {@code {"event": "<name>", "roomId": …, …}}. */
final class RoomEventCodec {

    private final ClusterJson json;

    RoomEventCodec(ClusterJson json) {
        this.json = json;
    }

    String encode(RoomEvent event) {
        ObjectNode node = json.object();
        node.put("event", event.getClass().getSimpleName());
        node.put("roomId", event.roomId().value());
        if (event instanceof ParticipantJoined joined) {
            node.set("participant", json.participant(joined.participant()));
        } else if (event instanceof ParticipantLeft left) {
            node.put("participant", left.participant().value());
            node.put("reason", left.reason().name());
        } else if (event instanceof ChatMessage message) {
            node.put("messageId", message.messageId());
            node.put("from", message.from() == null ? null : message.from().value());
            node.put("fromName", message.fromName());
            node.put("text", message.text());
            node.put("sentAt", message.sentAt().toString());
        } else if (event instanceof MuteChanged muted) {
            node.put("participant", muted.participant().value());
            node.put("kind", muted.kind().name());
            node.put("muted", muted.muted());
            node.put("byServer", muted.byServer());
        } else if (event instanceof HandChanged hand) {
            node.put("participant", hand.participant().value());
            node.put("raisedAt", hand.raisedAt() == null ? null : hand.raisedAt().toString());
            node.put("by", hand.by() == null ? null : hand.by().value());
        } else if (event instanceof SpeakingChanged speaking) {
            node.put("participant", speaking.participant().value());
            node.put("speaking", speaking.speaking());
        } else if (event instanceof Reaction reaction) {
            node.put("participant", reaction.participant().value());
            node.put("emoji", reaction.emoji());
        } else if (event instanceof ConnectionQualityChanged quality) {
            node.put("participant", quality.participant().value());
            node.put("level", quality.level().name());
        } else if (event instanceof ParticipantReconnecting reconnecting) {
            node.put("participant", reconnecting.participant().value());
        } else if (event instanceof ParticipantResumed resumed) {
            node.put("participant", resumed.participant().value());
        } else if (event instanceof ChatMuted chatMuted) {
            node.put("participant", chatMuted.participant().value());
            node.put("muted", chatMuted.muted());
        } else if (event instanceof Disconnect disconnect) {
            node.put("participant", disconnect.participant().value());
            node.put("reason", disconnect.reason().name());
        } else if (event instanceof ParticipantMoved moved) {
            node.put("participant", moved.participant().value());
            node.put("node", moved.node());
        } else if (event instanceof ParticipantRemoved removed) {
            node.put("participant", removed.participant().value());
            node.put("reason", removed.reason());
        } else if (event instanceof RoomClosed closed) {
            node.put("reason", closed.reason());
        } else if (event instanceof Relayed relayed) {
            node.put("from", relayed.from().value());
            node.put("to", relayed.to().value());
            node.set("payload", json.payload(relayed.payload()));
        } else if (event instanceof StreamPublished published) {
            node.put("participant", published.participant().value());
            node.put("worker", published.worker());
        } else if (event instanceof StreamUnpublished unpublished) {
            node.put("participant", unpublished.participant().value());
        } else if (event instanceof TopologyChanged changed) {
            node.put("topology", changed.topology().name());
            node.put("reason", changed.reason());
        } else {
            throw new IllegalArgumentException("no bus encoding for " + event.getClass().getSimpleName());
        }
        return json.write(node);
    }

    RoomEvent decode(String text) {
        JsonNode node = json.read(text);
        RoomId room = new RoomId(node.get("roomId").asString());
        String name = node.get("event").asString();
        return switch (name) {
            case "ParticipantJoined" -> new ParticipantJoined(room, json.participant(node.get("participant")));
            case "ParticipantLeft" -> new ParticipantLeft(room, participant(node, "participant"),
                    LeaveReason.valueOf(node.get("reason").asString()));
            case "ChatMessage" -> new ChatMessage(room, node.get("messageId").asString(),
                    node.hasNonNull("from") ? participant(node, "from") : null, ClusterJson.text(node, "fromName"),
                    node.get("text").asString(), Instant.parse(node.get("sentAt").asString()));
            case "MuteChanged" -> new MuteChanged(room, participant(node, "participant"),
                    MediaKind.valueOf(node.get("kind").asString()), node.get("muted").asBoolean(),
                    node.get("byServer").asBoolean());
            case "HandChanged" -> new HandChanged(room, participant(node, "participant"),
                    node.hasNonNull("raisedAt") ? Instant.parse(node.get("raisedAt").asString()) : null,
                    node.hasNonNull("by") ? participant(node, "by") : null);
            case "SpeakingChanged" -> new SpeakingChanged(room, participant(node, "participant"),
                    node.get("speaking").asBoolean());
            case "Reaction" -> new Reaction(room, participant(node, "participant"), node.get("emoji").asString());
            case "ConnectionQualityChanged" -> new ConnectionQualityChanged(room, participant(node, "participant"),
                    ConnectionQuality.valueOf(node.get("level").asString()));
            case "ParticipantReconnecting" -> new ParticipantReconnecting(room, participant(node, "participant"));
            case "ParticipantResumed" -> new ParticipantResumed(room, participant(node, "participant"));
            case "ChatMuted" -> new ChatMuted(room, participant(node, "participant"), node.get("muted").asBoolean());
            case "Disconnect" -> new Disconnect(room, participant(node, "participant"),
                    LeaveReason.valueOf(node.get("reason").asString()));
            case "ParticipantMoved" -> new ParticipantMoved(room, participant(node, "participant"),
                    node.get("node").asString());
            case "ParticipantRemoved" -> new ParticipantRemoved(room, participant(node, "participant"),
                    node.get("reason").asString());
            case "RoomClosed" -> new RoomClosed(room, node.get("reason").asString());
            case "StreamPublished" -> new StreamPublished(room, participant(node, "participant"),
                    node.get("worker").asString());
            case "StreamUnpublished" -> new StreamUnpublished(room, participant(node, "participant"));
            case "TopologyChanged" -> new TopologyChanged(room, Topology.valueOf(node.get("topology").asString()),
                    node.get("reason").asString());
            case "Relayed" -> new Relayed(room, participant(node, "from"), participant(node, "to"),
                    json.payload(node.get("payload")));
            default -> throw new IllegalArgumentException("unknown room event " + name);
        };
    }

    private static ParticipantId participant(JsonNode node, String field) {
        return new ParticipantId(node.get(field).asString());
    }
}
