package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiRequests.MintJoinToken;
import dev.conclave.signaling.api.ApiViews.JoinTokenView;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.token.IssuedJoinToken;
import dev.conclave.signaling.token.JoinTokenRequest;
import dev.conclave.signaling.token.RoomJoinTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Invitations: a join token for one person in one room, and the link that opens the page with it. */
@RestController
@Tag(name = "Join tokens")
class RoomJoinTokensController {

    private final RoomJoinTokens tokens;
    private final MetadataLimits limits;
    private final ApiProperties api;

    RoomJoinTokensController(RoomJoinTokens tokens, MetadataLimits limits, ApiProperties api) {
        this.tokens = tokens;
        this.limits = limits;
        this.api = api;
    }

    @PostMapping("/api/v1/rooms/{roomId}/join-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Mint a join token for someone to join the room",
            description = "joinUrl opens the conference page straight into the room with this token (the token is "
                    + "in the URL fragment, which browsers never send to a server).")
    @Problems({ErrorCode.ROOM_NOT_FOUND, ErrorCode.ROOM_CLOSED, ErrorCode.UNAVAILABLE})
    JoinTokenView mint(@PathVariable String roomId, @Valid @RequestBody MintJoinToken request,
                       @AuthenticationPrincipal Jwt client) {
        RoomId room = RoomIds.parse(roomId);
        Set<Grant> grants = null;
        if (request.grants() != null) {
            grants = EnumSet.noneOf(Grant.class);
            for (String name : request.grants()) {
                grants.add(Grant.fromWireName(name).orElseThrow());
            }
        }
        IssuedJoinToken issued = tokens.mint(new JoinTokenRequest(room, request.identity(),
                request.displayName().strip(), grants,
                limits.check("metadata", request.metadata(), ApiRequests.MAX_PARTICIPANT_METADATA_BYTES),
                request.ttlSeconds(), false), client.getSubject());
        String joinUrl = api.publicUrl().resolve("/").toString() + "?room=" + URLEncoder.encode(room.value(), StandardCharsets.UTF_8)
                + "#token=" + issued.token();
        return new JoinTokenView(issued.token(), room.value(), issued.identity(), issued.expiresAt(), joinUrl);
    }
}
