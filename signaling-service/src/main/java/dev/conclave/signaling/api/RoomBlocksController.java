package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiRequests.Block;
import dev.conclave.signaling.api.ApiViews.BlockView;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.moderation.RoomBlocks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A room's blocklist: identities and client addresses that may not be in it. */
@RestController
@RequestMapping("/api/v1/rooms/{roomId}/blocks")
@Tag(name = "Moderation")
class RoomBlocksController {

    private final RoomBlocks blocks;

    RoomBlocksController(RoomBlocks blocks) {
        this.blocks = blocks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Block an identity and/or a client address",
            description = "Whoever in the room it matches is removed at once (removed, then closed with 4411); joins "
                    + "and resumes it matches are refused with BLOCKED (4006).")
    @Problems({ErrorCode.ROOM_NOT_FOUND, ErrorCode.ROOM_CLOSED})
    BlockView block(@PathVariable String roomId, @Valid @RequestBody Block request, @AuthenticationPrincipal Jwt client) {
        if (request.identity() == null && request.address() == null) {
            throw ConclaveException.invalidParam("identity", "or address is required");
        }
        return BlockView.of(blocks.block(RoomIds.parse(roomId), request.identity(), request.address(),
                request.reason(), client.getSubject()));
    }

    @GetMapping
    @Operation(summary = "List the room's blocks")
    @Problems(ErrorCode.ROOM_NOT_FOUND)
    List<BlockView> list(@PathVariable String roomId) {
        return blocks.list(RoomIds.parse(roomId)).stream().map(BlockView::of).toList();
    }

    @DeleteMapping("/{blockId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift a block")
    @Problems(ErrorCode.BLOCK_NOT_FOUND)
    void unblock(@PathVariable String roomId, @PathVariable long blockId) {
        blocks.unblock(RoomIds.parse(roomId), blockId);
    }
}
