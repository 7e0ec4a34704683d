package dev.conclave.signaling.chat;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RoomEvent.ChatMessage;
import dev.conclave.signaling.limit.RateLimiter;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Room chat: a member with the chat grant says something, everyone else in the room hears it — unless a moderator
 * muted its chat, it is sending too fast (per participant and per room), or the text has a filtered word. Or the
 * platform itself says something to everyone.
 */
@Service
public class ChatService {

    public static final int MAX_TEXT_LENGTH = 2_000;

    private final LocalParticipants local;
    private final RoomCatalog catalog;
    private final RoomBus bus;
    private final Clock clock;
    private final RateLimiter<ParticipantId> perParticipant;
    private final RateLimiter<RoomId> perRoom;
    private final WordFilter filter;
    private final MeterRegistry metrics;
    private final SecureRandom random = new SecureRandom();

    ChatService(LocalParticipants local, RoomCatalog catalog, RoomBus bus, ChatProperties properties, Clock clock,
                MeterRegistry metrics) {
        this.local = local;
        this.catalog = catalog;
        this.bus = bus;
        this.clock = clock;
        this.metrics = metrics;
        this.perParticipant = new RateLimiter<>(properties.participantBurst(), properties.participantRefill(), clock);
        this.perRoom = new RateLimiter<>(properties.roomBurst(), properties.roomRefill(), clock);
        this.filter = new WordFilter(properties.blockedWords());
        // At zero from the start, so dashboards and alerts find the series before the first refusal.
        metrics.counter("conclave.chat.rejected", "reason", "filtered_word");
        metrics.counter("conclave.chat.rejected", "reason", "rate_limited");
    }

    /** @param text already trimmed, 1–{@value #MAX_TEXT_LENGTH} characters */
    public SentMessage send(RoomId roomId, ParticipantId from, String text) {
        Participant sender = local.require(from);
        if (!sender.may(Grant.CHAT)) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED, "your join token does not allow chat");
        }
        if (sender.chatMuted()) {
            throw new ConclaveException(ErrorCode.CHAT_MUTED, "a moderator muted your chat");
        }
        filter.firstMatch(text).ifPresent(word -> {
            metrics.counter("conclave.chat.rejected", "reason", "filtered_word").increment();
            throw new ConclaveException(ErrorCode.MESSAGE_REJECTED, "the message contains a word that is not allowed here");
        });
        Duration participantWait = perParticipant.take(from);
        if (!participantWait.isZero()) {
            throw rateLimited("you are sending messages too fast", participantWait);
        }
        Duration roomWait = perRoom.take(roomId);
        if (!roomWait.isZero()) {
            perParticipant.giveBack(from);
            throw rateLimited("this room is receiving too many messages", roomWait);
        }
        String messageId = newMessageId();
        Instant sentAt = clock.instant();
        bus.publish(new ChatMessage(roomId, messageId, from, sender.name(), text, sentAt));
        return new SentMessage(messageId, sentAt);
    }

    /**
     * A message from the platform itself (an internal service's announcement): everyone in the room receives it,
     * marked as a system message. Not rate-limited: internal services are trusted.
     *
     * @param text already trimmed, 1–{@value #MAX_TEXT_LENGTH} characters
     */
    public SentMessage sendSystem(RoomId roomId, String text) {
        if (catalog.require(roomId).isClosed()) {
            throw new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + roomId + " is closed");
        }
        String messageId = newMessageId();
        Instant sentAt = clock.instant();
        bus.publish(new ChatMessage(roomId, messageId, null, null, text, sentAt));
        return new SentMessage(messageId, sentAt);
    }

    @Scheduled(fixedDelayString = "PT1M")
    void forgetIdleLimits() {
        perParticipant.forgetFull();
        perRoom.forgetFull();
    }

    private ConclaveException rateLimited(String message, Duration wait) {
        metrics.counter("conclave.chat.rejected", "reason", "rate_limited").increment();
        return RateLimiter.limited(message, wait);
    }

    private String newMessageId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "m_" + HexFormat.of().formatHex(bytes);
    }
}
