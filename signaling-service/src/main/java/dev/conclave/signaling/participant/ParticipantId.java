package dev.conclave.signaling.participant;

import java.security.SecureRandom;
import java.util.HexFormat;

/** One participant's stay in a room: {@code p_} and 16 random hex digits, never reused. */
public record ParticipantId(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ParticipantId {
        if (value == null || value.isEmpty() || value.length() > 40) {
            throw new IllegalArgumentException("a participant id is 1-40 characters");
        }
    }

    public static ParticipantId random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new ParticipantId("p_" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
