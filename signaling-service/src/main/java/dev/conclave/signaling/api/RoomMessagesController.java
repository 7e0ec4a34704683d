package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiRequests.SystemMessage;
import dev.conclave.signaling.api.ApiViews.MessageView;
import dev.conclave.signaling.chat.ChatService;
import dev.conclave.signaling.chat.SentMessage;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.text.WireText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Messages from the platform itself to everyone in a room (an announcement, a gift). */
@RestController
@Tag(name = "Messages")
class RoomMessagesController {

    private final ChatService chat;

    RoomMessagesController(ChatService chat) {
        this.chat = chat;
    }

    @PostMapping("/api/v1/rooms/{roomId}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Send a system message to everyone in the room",
            description = "Members get the message notification with system true and from null.")
    @Problems({ErrorCode.ROOM_NOT_FOUND, ErrorCode.ROOM_CLOSED})
    MessageView send(@PathVariable String roomId, @Valid @RequestBody SystemMessage request) {
        String text = request.text().strip();
        if (text.isEmpty() || text.length() > ChatService.MAX_TEXT_LENGTH) {
            throw ConclaveException.invalidParam("text", "must be 1-" + ChatService.MAX_TEXT_LENGTH + " characters after trimming");
        }
        String problem = WireText.problemWithMessage(text);
        if (problem != null) {
            throw ConclaveException.invalidParam("text", problem);
        }
        SentMessage sent = chat.sendSystem(RoomIds.parse(roomId), text);
        return new MessageView(sent.messageId(), sent.sentAt());
    }
}
