package dev.conclave.media.grpc;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import io.grpc.Status;

/** Reads request fields into domain values; a field that is wrong ends the call with INVALID_ARGUMENT. */
final class ProtoRequests {

    /** Browsers' offers are a few KiB; a megabyte of SDP is not an offer. */
    static final int MAX_SDP_LENGTH = 64 * 1024;

    private ProtoRequests() {
    }

    static RoomId room(String value) {
        try {
            return new RoomId(value);
        } catch (IllegalArgumentException e) {
            throw invalid("room_id: " + e.getMessage());
        }
    }

    static ParticipantId participant(String field, String value) {
        try {
            return new ParticipantId(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    static EndpointKey endpoint(dev.conclave.proto.media.v1.EndpointKey key) {
        RoomId room = room(key.getRoomId());
        ParticipantId participant = participant("endpoint.participant_id", key.getParticipantId());
        return key.getPublisherId().isEmpty() ? EndpointKey.publisher(room, participant)
                : EndpointKey.subscription(room, participant,
                participant("endpoint.publisher_id", key.getPublisherId()));
    }

    static EndpointKey subscription(dev.conclave.proto.media.v1.EndpointKey key) {
        if (key.getPublisherId().isEmpty()) {
            throw invalid("endpoint.publisher_id: a subscription names its publisher");
        }
        return endpoint(key);
    }

    /** A signaling node's id (as in its node-id setting): at most 64 of letters, digits and {@code . _ -}; may be empty. */
    static String node(String value) {
        if (!value.matches("[A-Za-z0-9._-]{0,64}")) {
            throw invalid("node_id: at most 64 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    static String sdpOffer(String sdp) {
        if (sdp.isBlank() || !sdp.startsWith("v=0")) {
            throw invalid("sdp_offer: not an SDP offer (it must start with \"v=0\")", "INVALID_SDP");
        }
        if (sdp.length() > MAX_SDP_LENGTH) {
            throw invalid("sdp_offer: longer than " + MAX_SDP_LENGTH + " characters", "INVALID_SDP");
        }
        if (!sdp.contains("\nm=")) {
            throw invalid("sdp_offer: no media section (m=)", "INVALID_SDP");
        }
        return sdp;
    }

    static IceCandidate candidate(dev.conclave.proto.media.v1.IceCandidate candidate) {
        try {
            return new IceCandidate(candidate.getCandidate(), candidate.getSdpMid(), candidate.getSdpMLineIndex());
        } catch (IllegalArgumentException e) {
            throw invalid("candidate: " + e.getMessage(), "INVALID_CANDIDATE");
        }
    }

    private static InvalidRequest invalid(String message) {
        return invalid(message, "INVALID_ARGUMENT");
    }

    private static InvalidRequest invalid(String message, String reason) {
        return new InvalidRequest(Status.INVALID_ARGUMENT.withDescription(message), reason);
    }

    /** A request field that fails its check; already carries its status. */
    static final class InvalidRequest extends RuntimeException {

        private final Status status;
        private final String reason;

        InvalidRequest(Status status, String reason) {
            super(status.getDescription());
            this.status = status;
            this.reason = reason;
        }

        Status status() {
            return status;
        }

        String reason() {
            return reason;
        }
    }
}
