package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.event.RelayPayload;
import dev.conclave.signaling.event.RelayPayload.IceCandidate;
import dev.conclave.signaling.event.RelayPayload.ScreenShare;
import dev.conclave.signaling.event.RelayPayload.SdpType;
import dev.conclave.signaling.event.RelayPayload.SessionDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wire shape of relay payloads, both ways: read strictly from a request, written back identically. */
final class RelayPayloads {

    private RelayPayloads() {
    }

    static RelayPayload read(Params payload) {
        String type = payload.requiredString("type");
        try {
            return switch (type) {
                case "offer", "answer" -> {
                    payload.allowOnly("type", "sdp");
                    yield new SessionDescription(type.equals("offer") ? SdpType.OFFER : SdpType.ANSWER,
                            payload.requiredString("sdp"));
                }
                case "candidate" -> {
                    payload.allowOnly("type", "candidate");
                    Params candidate = payload.requiredObject("candidate")
                            .allowOnly("candidate", "sdpMid", "sdpMLineIndex", "usernameFragment");
                    yield new IceCandidate(candidate.requiredString("candidate"), candidate.optionalString("sdpMid"),
                            candidate.optionalInt("sdpMLineIndex"), candidate.optionalString("usernameFragment"));
                }
                case "screen" -> {
                    payload.allowOnly("type", "active");
                    yield new ScreenShare(payload.requiredBoolean("active"));
                }
                default -> throw ConclaveException.invalidParam(payload.field("type"),
                        "must be one of offer, answer, candidate, screen");
            };
        } catch (IllegalArgumentException e) {
            throw ConclaveException.invalidParam("payload", e.getMessage());
        }
    }

    static Map<String, Object> write(RelayPayload payload) {
        Map<String, Object> wire = new LinkedHashMap<>();
        if (payload instanceof SessionDescription description) {
            wire.put("type", description.type() == SdpType.OFFER ? "offer" : "answer");
            wire.put("sdp", description.sdp());
        } else if (payload instanceof IceCandidate candidate) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("candidate", candidate.candidate());
            putIfPresent(fields, "sdpMid", candidate.sdpMid());
            putIfPresent(fields, "sdpMLineIndex", candidate.sdpMLineIndex());
            putIfPresent(fields, "usernameFragment", candidate.usernameFragment());
            wire.put("type", "candidate");
            wire.put("candidate", fields);
        } else if (payload instanceof ScreenShare screen) {
            wire.put("type", "screen");
            wire.put("active", screen.active());
        }
        return wire;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
