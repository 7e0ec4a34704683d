package dev.conclave.signaling.participant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a participant's join token lets it do. Lower-case on the wire and in the token. */
public enum Grant {
    PUBLISH, SUBSCRIBE, CHAT, MODERATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Grant> fromWireName(String name) {
        return Arrays.stream(values()).filter(grant -> grant.wireName().equals(name)).findFirst();
    }
}
