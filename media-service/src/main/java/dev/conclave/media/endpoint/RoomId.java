package dev.conclave.media.endpoint;

import java.util.Objects;
import java.util.regex.Pattern;

/** A room's id as signaling-service names it. */
public record RoomId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public RoomId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("a room id has 1-64 letters, digits, '_' or '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
