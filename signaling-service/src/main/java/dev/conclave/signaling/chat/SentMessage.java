package dev.conclave.signaling.chat;

import java.time.Instant;

public record SentMessage(String messageId, Instant sentAt) {
}
