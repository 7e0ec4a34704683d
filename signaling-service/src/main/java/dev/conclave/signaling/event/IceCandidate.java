package dev.conclave.signaling.event;

import java.util.Objects;

/** One ICE candidate line, as browsers and media servers exchange it. */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {

    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
    }
}
