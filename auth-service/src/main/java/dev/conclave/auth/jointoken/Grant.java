package dev.conclave.auth.jointoken;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a join token lets its holder do in the room. Written lower-case on the wire and in the token. */
public enum Grant {
    PUBLISH, SUBSCRIBE, CHAT, MODERATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Grant> fromWireName(String name) {
        return Arrays.stream(values()).filter(grant -> grant.wireName().equals(name)).findFirst();
    }
}
