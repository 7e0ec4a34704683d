package dev.conclave.signaling.rpc;

import dev.conclave.signaling.chat.ChatService;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.event.RelayPayload;
import dev.conclave.signaling.participant.ConnectionQuality;
import dev.conclave.signaling.participant.MediaKind;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.reaction.Reactions;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.text.WireText;
import java.util.Map;
import java.util.function.Function;

/**
 * Every method a client may call, as validated records: a request that exists as one of these has passed every
 * check the edge can make. {@link #parse} is the only way in.
 */
sealed interface RpcRequest {

    record JoinRoom(RoomId roomId, String token) implements RpcRequest {
        static JoinRoom from(Params params) {
            params.allowOnly("roomId", "token");
            String room = params.requiredString("roomId");
            if (!RoomId.isValid(room)) {
                throw ConclaveException.invalidParam("roomId", "must match " + RoomId.PATTERN);
            }
            String token = params.optionalString("token");
            if (token == null || token.isBlank()) {
                throw new ConclaveException(ErrorCode.TOKEN_MISSING, "a join token is required",
                        Map.of("field", "token"));
            }
            return new JoinRoom(new RoomId(room), token);
        }
    }

    record ResumeRoom(RoomId roomId, String resumeToken) implements RpcRequest {
        static ResumeRoom from(Params params) {
            params.allowOnly("roomId", "resumeToken");
            String room = params.requiredString("roomId");
            if (!RoomId.isValid(room)) {
                throw ConclaveException.invalidParam("roomId", "must match " + RoomId.PATTERN);
            }
            String token = params.requiredString("resumeToken");
            if (token.isEmpty() || token.length() > 200) {
                throw ConclaveException.invalidParam("resumeToken", "must be a resume token");
            }
            return new ResumeRoom(new RoomId(room), token);
        }
    }

    record LeaveRoom() implements RpcRequest {
        static LeaveRoom from(Params params) {
            params.allowOnly();
            return new LeaveRoom();
        }
    }

    record Relay(ParticipantId to, RelayPayload payload) implements RpcRequest {
        static Relay from(Params params) {
            params.allowOnly("to", "payload");
            String to = params.requiredString("to");
            if (to.isEmpty() || to.length() > 40) {
                throw ConclaveException.invalidParam("to", "must be a participant id");
            }
            return new Relay(new ParticipantId(to), RelayPayloads.read(params.requiredObject("payload")));
        }
    }

    record SendMessage(String text) implements RpcRequest {
        static SendMessage from(Params params) {
            params.allowOnly("text");
            String text = params.requiredString("text").strip();
            if (text.isEmpty() || text.length() > ChatService.MAX_TEXT_LENGTH) {
                throw ConclaveException.invalidParam("text",
                        "must be 1-" + ChatService.MAX_TEXT_LENGTH + " characters after trimming");
            }
            String problem = WireText.problemWithMessage(text);
            if (problem != null) {
                throw ConclaveException.invalidParam("text", problem);
            }
            return new SendMessage(text);
        }
    }

    record SetMuted(MediaKind kind, boolean muted) implements RpcRequest {
        static SetMuted from(Params params) {
            params.allowOnly("kind", "muted");
            return new SetMuted(mediaKind(params), params.requiredBoolean("muted"));
        }
    }

    record MuteChat(ParticipantId participantId, boolean muted) implements RpcRequest {
        static MuteChat from(Params params) {
            params.allowOnly("participantId", "muted");
            String participant = params.requiredString("participantId");
            if (participant.isEmpty() || participant.length() > 40) {
                throw ConclaveException.invalidParam("participantId", "must be a participant id");
            }
            return new MuteChat(new ParticipantId(participant), params.requiredBoolean("muted"));
        }
    }

    /** A moderator turns off someone's microphone or camera; never on again (only its owner may). */
    record MuteParticipant(ParticipantId participantId, MediaKind kind) implements RpcRequest {
        static MuteParticipant from(Params params) {
            params.allowOnly("participantId", "kind");
            return new MuteParticipant(participant(params, "participantId"), mediaKind(params));
        }
    }

    /** A moderator removes someone from the room. */
    record RemoveParticipant(ParticipantId participantId) implements RpcRequest {
        static RemoveParticipant from(Params params) {
            params.allowOnly("participantId");
            return new RemoveParticipant(participant(params, "participantId"));
        }
    }

    record SetHand(boolean raised) implements RpcRequest {
        static SetHand from(Params params) {
            params.allowOnly("raised");
            return new SetHand(params.requiredBoolean("raised"));
        }
    }

    /** A moderator lowers someone's hand. */
    record LowerHand(ParticipantId participantId) implements RpcRequest {
        static LowerHand from(Params params) {
            params.allowOnly("participantId");
            return new LowerHand(participant(params, "participantId"));
        }
    }

    record SetSpeaking(boolean speaking) implements RpcRequest {
        static SetSpeaking from(Params params) {
            params.allowOnly("speaking");
            return new SetSpeaking(params.requiredBoolean("speaking"));
        }
    }

    record React(String emoji) implements RpcRequest {
        static React from(Params params) {
            params.allowOnly("emoji");
            String emoji = params.requiredString("emoji");
            if (!Reactions.EMOJI.contains(emoji)) {
                throw ConclaveException.invalidParam("emoji", "must be one of " + String.join(" ", Reactions.EMOJI));
            }
            return new React(emoji);
        }
    }

    record SetConnectionQuality(ConnectionQuality level) implements RpcRequest {
        static SetConnectionQuality from(Params params) {
            params.allowOnly("level");
            return new SetConnectionQuality(ConnectionQuality.fromWireName(params.requiredString("level"))
                    .orElseThrow(() -> ConclaveException.invalidParam("level",
                            "must be \"good\", \"fair\" or \"poor\"")));
        }
    }

    /** A request answered by media-service: handled off the socket's thread (it may wait on a media server). */
    sealed interface MediaRequest extends RpcRequest {
    }

    record Publish(String sdpOffer) implements MediaRequest {
        static Publish from(Params params) {
            params.allowOnly("sdpOffer");
            return new Publish(SdpOffers.read(params, "sdpOffer"));
        }
    }

    record Unpublish() implements MediaRequest {
        static Unpublish from(Params params) {
            params.allowOnly();
            return new Unpublish();
        }
    }

    record Subscribe(ParticipantId publisherId, String sdpOffer) implements MediaRequest {
        static Subscribe from(Params params) {
            params.allowOnly("publisherId", "sdpOffer");
            return new Subscribe(participant(params, "publisherId"), SdpOffers.read(params, "sdpOffer"));
        }
    }

    record Unsubscribe(ParticipantId publisherId) implements MediaRequest {
        static Unsubscribe from(Params params) {
            params.allowOnly("publisherId");
            return new Unsubscribe(participant(params, "publisherId"));
        }
    }

    /** @param publisherId absent: the candidate is for the participant's own publisher endpoint */
    record AddIceCandidate(ParticipantId publisherId, IceCandidate candidate) implements MediaRequest {
        static AddIceCandidate from(Params params) {
            params.allowOnly("publisherId", "candidate");
            String publisher = params.optionalString("publisherId");
            return new AddIceCandidate(publisher == null ? null : participant(params, "publisherId"),
                    SdpOffers.candidate(params.requiredObject("candidate")));
        }
    }

    private static MediaKind mediaKind(Params params) {
        return switch (params.requiredString("kind")) {
            case "audio" -> MediaKind.AUDIO;
            case "video" -> MediaKind.VIDEO;
            default -> throw ConclaveException.invalidParam("kind", "must be \"audio\" or \"video\"");
        };
    }

    private static ParticipantId participant(Params params, String field) {
        String value = params.requiredString(field);
        if (value.isEmpty() || value.length() > 40) {
            throw ConclaveException.invalidParam(field, "must be a participant id");
        }
        return new ParticipantId(value);
    }

    record Ping() implements RpcRequest {
        static Ping from(Params params) {
            params.allowOnly();
            return new Ping();
        }
    }

    Map<String, Function<Params, RpcRequest>> METHODS = Map.ofEntries(
            Map.entry("joinRoom", JoinRoom::from),
            Map.entry("resumeRoom", ResumeRoom::from),
            Map.entry("leaveRoom", LeaveRoom::from),
            Map.entry("relay", Relay::from),
            Map.entry("sendMessage", SendMessage::from),
            Map.entry("setMuted", SetMuted::from),
            Map.entry("muteChat", MuteChat::from),
            Map.entry("muteParticipant", MuteParticipant::from),
            Map.entry("removeParticipant", RemoveParticipant::from),
            Map.entry("setHand", SetHand::from),
            Map.entry("lowerHand", LowerHand::from),
            Map.entry("react", React::from),
            Map.entry("setSpeaking", SetSpeaking::from),
            Map.entry("setConnectionQuality", SetConnectionQuality::from),
            Map.entry("publish", Publish::from),
            Map.entry("unpublish", Unpublish::from),
            Map.entry("subscribe", Subscribe::from),
            Map.entry("unsubscribe", Unsubscribe::from),
            Map.entry("iceCandidate", AddIceCandidate::from),
            Map.entry("ping", Ping::from));

    /** The request for {@code method}, or {@code METHOD_NOT_FOUND} / {@code INVALID_PARAMS}. */
    static RpcRequest parse(String method, Params params) {
        Function<Params, RpcRequest> reader = METHODS.get(method);
        if (reader == null) {
            throw new ConclaveException(ErrorCode.METHOD_NOT_FOUND, "unknown method " + method);
        }
        return reader.apply(params);
    }
}
