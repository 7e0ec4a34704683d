package dev.conclave.media.endpoint;

import java.util.Objects;

/** One ICE candidate line as browsers and the media server exchange it. */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {

    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
        if (!candidate.isEmpty() && !candidate.startsWith("candidate:")) {
            throw new IllegalArgumentException("an ICE candidate starts with \"candidate:\"");
        }
        if (candidate.length() > 1024) {
            throw new IllegalArgumentException("an ICE candidate is at most 1024 characters");
        }
        if (sdpMLineIndex < 0 || sdpMLineIndex > 64) {
            throw new IllegalArgumentException("sdpMLineIndex must be 0-64");
        }
    }
}
