package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.token.GuestTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.conclave.signaling.token.IssuedJoinToken;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Anyone with an {@code OPEN} room's link gets a guest join token here (rate-limited at the gateway). */
@RestController
@Tag(name = "Guest tokens")
class GuestTokenController {

    private final GuestTokens guestTokens;

    GuestTokenController(GuestTokens guestTokens) {
        this.guestTokens = guestTokens;
    }

    @PostMapping("/api/v1/rooms/{roomId}/guest-tokens")
    @Operation(summary = "Get a guest join token for an OPEN room (no credentials; rate-limited per address)",
            description = "Creates the room as OPEN on first use when the deployment allows it.")
    @SecurityRequirements
    @Problems({ErrorCode.ROOM_NOT_FOUND, ErrorCode.ROOM_CLOSED, ErrorCode.ROOM_ACCESS_DENIED, ErrorCode.UNAVAILABLE})
    @ResponseStatus(HttpStatus.CREATED)
    GuestTokenResponse issue(@PathVariable String roomId, @Valid @RequestBody GuestTokenRequest request) {
        IssuedJoinToken issued = guestTokens.issue(RoomIds.parse(roomId), request.displayName().strip());
        return new GuestTokenResponse(issued.token(), issued.roomId().value(), issued.identity(), issued.expiresAt());
    }

    record GuestTokenRequest(
            @NotNull @Pattern(regexp = "^(?=.*\\S)[^\\p{Cntrl}]{1,64}$",
                    message = "must be 1-64 characters, no control characters, not blank") String displayName) {
    }

    record GuestTokenResponse(String token, String roomId, String identity, Instant expiresAt) {
    }
}
