package dev.conclave.signaling.participant;

import java.util.Locale;

public enum MediaKind {
    AUDIO, VIDEO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
