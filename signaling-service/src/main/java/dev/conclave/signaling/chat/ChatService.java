package dev.conclave.signaling.chat;

import dev.conclave.signaling.bus.RoomBus;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.RoomEvent.ChatMessage;
import dev.conclave.signaling.membership.LiveRooms;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.stereotype.Service;

/** Room chat: a member with the chat grant says something, everyone else in the room hears it; or the platform does. */
@Service
public class ChatService {

    public static final int MAX_TEXT_LENGTH = 2_000;

    private final LiveRooms rooms;
    private final RoomCatalog catalog;
    private final RoomBus bus;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ChatService(LiveRooms rooms, RoomCatalog catalog, RoomBus bus, Clock clock) {
        this.rooms = rooms;
        this.catalog = catalog;
        this.bus = bus;
        this.clock = clock;
    }

    /** @param text already trimmed, 1–{@value #MAX_TEXT_LENGTH} characters */
    public SentMessage send(RoomId roomId, ParticipantId from, String text) {
        Participant sender = rooms.member(roomId, from).orElseThrow(
                () -> new ConclaveException(ErrorCode.NOT_JOINED, "join a room first"));
        if (!sender.may(Grant.CHAT)) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED, "your join token does not allow chat");
        }
        String messageId = newMessageId();
        Instant sentAt = clock.instant();
        bus.publish(new ChatMessage(roomId, messageId, from, sender.name(), text, sentAt));
        return new SentMessage(messageId, sentAt);
    }

    /**
     * A message from the platform itself (an internal service's announcement): everyone in the room receives it,
     * marked as a system message.
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

    private String newMessageId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "m_" + HexFormat.of().formatHex(bytes);
    }
}
