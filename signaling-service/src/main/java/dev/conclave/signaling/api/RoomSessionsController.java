package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiViews.Page;
import dev.conclave.signaling.api.ApiViews.SessionView;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.ParticipantSessions;
import dev.conclave.signaling.participant.ParticipantSessions.SessionPage;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A room's history: every stay of every participant, who, when, how long and from where. */
@RestController
@Tag(name = "History")
class RoomSessionsController {

    private final RoomCatalog rooms;
    private final ParticipantSessions sessions;
    private final Clock clock;

    RoomSessionsController(RoomCatalog rooms, ParticipantSessions sessions, Clock clock) {
        this.rooms = rooms;
        this.sessions = sessions;
        this.clock = clock;
    }

    @GetMapping("/api/v1/rooms/{roomId}/sessions")
    @Operation(summary = "List the room's participant sessions, newest first (open ones have no leftAt)")
    @Problems(ErrorCode.ROOM_NOT_FOUND)
    Page<SessionView> history(@PathVariable String roomId,
                              @RequestParam(defaultValue = "0") @Min(0) int page,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        RoomId room = RoomIds.parse(roomId);
        rooms.require(room);
        SessionPage found = sessions.history(room, page, size);
        Instant now = clock.instant();
        return new Page<>(found.sessions().stream().map(session -> SessionView.of(session, now)).toList(),
                page, size, found.totalSessions());
    }
}
