package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiRequests.ChatMute;
import dev.conclave.signaling.api.ApiRequests.Mute;
import dev.conclave.signaling.api.ApiViews.ParticipantView;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.membership.RoomMembership;
import dev.conclave.signaling.membership.RoomModeration;
import dev.conclave.signaling.participant.MediaKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Who is in a room now, and moderation: remove someone, mute their microphone, camera or chat. */
@RestController
@RequestMapping("/api/v1/rooms/{roomId}/participants")
@Tag(name = "Participants")
class RoomParticipantsController {

    private final RoomMembership membership;
    private final RoomModeration moderation;

    RoomParticipantsController(RoomMembership membership, RoomModeration moderation) {
        this.membership = membership;
        this.moderation = moderation;
    }

    @GetMapping
    @Operation(summary = "List the visible participants in the room now, earliest first (audience members are counted "
            + "in the room's participantCount, not listed)")
    @Problems(ErrorCode.ROOM_NOT_FOUND)
    List<ParticipantView> list(@PathVariable String roomId) {
        return membership.members(RoomIds.parse(roomId)).stream().map(ParticipantView::of).toList();
    }

    @DeleteMapping("/{participantId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a participant", description = "It gets the removed notification and its "
            + "connection is closed (4411); the others see participantLeft with reason removed.")
    @Problems(ErrorCode.PARTICIPANT_NOT_FOUND)
    void remove(@PathVariable String roomId, @PathVariable String participantId) {
        moderation.remove(RoomIds.parse(roomId), RoomIds.participant(participantId), "removed_by_api");
    }

    @PostMapping("/{participantId}/mute")
    @Operation(summary = "Mute or unmute a participant's microphone or camera",
            description = "Everyone, the participant included, gets muted with byServer true; the page mutes its track.")
    @Problems(ErrorCode.PARTICIPANT_NOT_FOUND)
    ParticipantView mute(@PathVariable String roomId, @PathVariable String participantId,
                         @Valid @RequestBody Mute request) {
        MediaKind kind = request.kind().equals("audio") ? MediaKind.AUDIO : MediaKind.VIDEO;
        return ParticipantView.of(moderation.forceMute(RoomIds.parse(roomId), RoomIds.participant(participantId),
                kind, request.muted()));
    }

    @PostMapping("/{participantId}/chat-mute")
    @Operation(summary = "Stop (or let again) a participant chat",
            description = "Everyone gets chatMuted; while muted its sendMessage fails with CHAT_MUTED.")
    @Problems(ErrorCode.PARTICIPANT_NOT_FOUND)
    ParticipantView muteChat(@PathVariable String roomId, @PathVariable String participantId,
                             @Valid @RequestBody ChatMute request) {
        return ParticipantView.of(moderation.muteChat(RoomIds.parse(roomId), RoomIds.participant(participantId),
                request.muted()));
    }
}
