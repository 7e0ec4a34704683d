package dev.conclave.signaling.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook endpoint can subscribe to. */
public enum WebhookEventType {
    ROOM_CREATED("room.created"),
    ROOM_CLOSED("room.closed"),
    PARTICIPANT_JOINED("participant.joined"),
    PARTICIPANT_LEFT("participant.left");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
