package dev.conclave.signaling.room;

import java.util.regex.Pattern;

/** A room's name: 1–64 letters, digits, '_' or '-', starting with a letter or digit. Also its URL segment. */
public record RoomId(String value) {

    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    public RoomId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("a room id must match " + PATTERN);
        }
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
