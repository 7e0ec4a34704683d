package dev.conclave.signaling.event;

/**
 * What one participant may send another through the server in a mesh room: an SDP offer or answer, an ICE
 * candidate, or word that it now shares its screen. Built only from validated input, forwarded unchanged.
 */
public sealed interface RelayPayload {

    int MAX_SDP_LENGTH = 60_000;
    int MAX_CANDIDATE_LENGTH = 1_024;
    int MAX_SHORT_FIELD_LENGTH = 256;

    enum SdpType { OFFER, ANSWER }

    record SessionDescription(SdpType type, String sdp) implements RelayPayload {
        public SessionDescription {
            if (sdp == null || sdp.isEmpty() || sdp.length() > MAX_SDP_LENGTH) {
                throw new IllegalArgumentException("sdp must be 1-" + MAX_SDP_LENGTH + " characters");
            }
        }
    }

    /**
     * @param candidate the candidate line; empty means the end of candidates
     */
    record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment)
            implements RelayPayload {
        public IceCandidate {
            if (candidate == null || candidate.length() > MAX_CANDIDATE_LENGTH) {
                throw new IllegalArgumentException("candidate.candidate must be at most " + MAX_CANDIDATE_LENGTH + " characters");
            }
            if (sdpMid != null && sdpMid.length() > MAX_SHORT_FIELD_LENGTH
                    || usernameFragment != null && usernameFragment.length() > MAX_SHORT_FIELD_LENGTH) {
                throw new IllegalArgumentException("candidate.sdpMid and candidate.usernameFragment must be at most "
                        + MAX_SHORT_FIELD_LENGTH + " characters");
            }
            if (sdpMLineIndex != null && (sdpMLineIndex < 0 || sdpMLineIndex > 1_000)) {
                throw new IllegalArgumentException("candidate.sdpMLineIndex must be 0-1000");
            }
        }
    }

    record ScreenShare(boolean active) implements RelayPayload {
    }
}
