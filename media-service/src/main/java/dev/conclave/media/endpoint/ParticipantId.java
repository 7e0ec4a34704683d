package dev.conclave.media.endpoint;

import java.util.Objects;
import java.util.regex.Pattern;

/** A participant's id as signaling-service names it. */
public record ParticipantId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ParticipantId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("a participant id has 1-64 letters, digits, '_' or '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
