package dev.conclave.signaling.participant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A coarse level of a participant's own connection, as its page measures it. Lower-case on the wire. */
public enum ConnectionQuality {
    GOOD, FAIR, POOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConnectionQuality> fromWireName(String name) {
        return Arrays.stream(values()).filter(level -> level.wireName().equals(name)).findFirst();
    }
}
