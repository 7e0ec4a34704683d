package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.IceCandidate;
import java.util.Map;

/** Reads the SDP offers and ICE candidates of SFU requests, refusing what cannot be one. */
final class SdpOffers {

    /** Browsers' offers are a few KiB. */
    static final int MAX_LENGTH = 64 * 1024;

    private SdpOffers() {
    }

    static String read(Params params, String field) {
        String sdp = params.requiredString(field);
        if (sdp.length() > MAX_LENGTH) {
            throw invalid(field, "is longer than " + MAX_LENGTH + " characters");
        }
        if (!sdp.startsWith("v=0") || !sdp.contains("\nm=")) {
            throw invalid(field, "is not an SDP session description (v=0 ... m=)");
        }
        // An answer's DTLS role is settled (active or passive); an offer leaves it open (actpass).
        if (!sdp.contains("a=setup:actpass") && (sdp.contains("a=setup:active") || sdp.contains("a=setup:passive"))) {
            throw invalid(field, "is an SDP answer; send the offer from createOffer()");
        }
        return sdp;
    }

    static IceCandidate candidate(Params candidate) {
        candidate.allowOnly("candidate", "sdpMid", "sdpMLineIndex", "usernameFragment");
        String line = candidate.requiredString("candidate");
        if (line.length() > 1024 || !(line.isEmpty() || line.startsWith("candidate:"))) {
            throw ConclaveException.invalidParam("candidate.candidate", "must be an ICE candidate line (candidate:...)");
        }
        Integer index = candidate.optionalInt("sdpMLineIndex");
        if (index != null && (index < 0 || index > 64)) {
            throw ConclaveException.invalidParam("candidate.sdpMLineIndex", "must be 0-64");
        }
        return new IceCandidate(line, candidate.optionalString("sdpMid"), index == null ? 0 : index);
    }

    private static ConclaveException invalid(String field, String problem) {
        return new ConclaveException(ErrorCode.INVALID_SDP, field + " " + problem, Map.of("field", field));
    }
}
