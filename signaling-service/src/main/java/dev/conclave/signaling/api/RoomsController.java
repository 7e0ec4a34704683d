package dev.conclave.signaling.api;

import dev.conclave.signaling.api.ApiRequests.CreateRoom;
import dev.conclave.signaling.api.ApiRequests.UpdateRoom;
import dev.conclave.signaling.api.ApiViews.Page;
import dev.conclave.signaling.api.ApiViews.RoomView;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.membership.RoomMembership;
import dev.conclave.signaling.membership.RoomModeration;
import dev.conclave.signaling.room.IdempotencyKey;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.room.RoomAccess;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.RoomPage;
import dev.conclave.signaling.room.RoomSpec;
import dev.conclave.signaling.room.RoomState;
import dev.conclave.signaling.room.Topology;
import dev.conclave.signaling.media.SfuMedia;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Rooms as internal services manage them: create, list, look at, change metadata, close. */
@RestController
@RequestMapping("/api/v1/rooms")
@Tag(name = "Rooms")
class RoomsController {

    private final RoomCatalog catalog;
    private final RoomMembership membership;
    private final RoomModeration moderation;
    private final MetadataLimits limits;
    private final JsonMapper json;
    private final SfuMedia sfu;

    RoomsController(SfuMedia sfu, RoomCatalog catalog, RoomMembership membership, RoomModeration moderation,
                    MetadataLimits limits,
                    JsonMapper json) {
        this.catalog = catalog;
        this.membership = membership;
        this.moderation = moderation;
        this.limits = limits;
        this.json = json;
        this.sfu = sfu;
    }

    @PostMapping
    @Operation(summary = "Create a room", description = "With an Idempotency-Key, repeating the same request returns "
            + "the room the first one created (header Idempotent-Replayed: true) instead of creating another.")
    @Problems({ErrorCode.ROOM_ALREADY_EXISTS, ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.SFU_UNAVAILABLE})
    @ApiResponse(responseCode = "201", description = "the room (also when replayed for the same Idempotency-Key)")
    ResponseEntity<RoomView> create(@Valid @RequestBody CreateRoom request,
                                    @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                    @AuthenticationPrincipal Jwt client) {
        if (request.topology() == Topology.SFU && !sfu.available()) {
            throw new ConclaveException(ErrorCode.SFU_UNAVAILABLE, "SFU rooms are unavailable: this platform has "
                    + "no media tier (media-service with Kurento workers) configured; create a MESH room");
        }
        RoomSpec spec = new RoomSpec(
                request.name() == null ? null : new RoomId(request.name()),
                request.access() == null ? RoomAccess.TOKEN : request.access(),
                request.topology() == null ? Topology.MESH : request.topology(),
                request.maxParticipants() == null ? 16 : request.maxParticipants(),
                request.emptyTimeoutSeconds(),
                limits.check("metadata", request.metadata(), ApiRequests.MAX_ROOM_METADATA_BYTES));
        RoomCatalog.Created created = catalog.create(spec, client.getSubject(),
                Optional.ofNullable(idempotencyKey).map(key -> idempotency(client, key, request)));
        Room room = created.room();
        return ResponseEntity.created(URI.create("/api/v1/rooms/" + room.id()))
                .header("Idempotent-Replayed", Boolean.toString(created.replayed()))
                .body(view(room));
    }

    @GetMapping
    @Operation(summary = "List rooms, newest first, optionally only ACTIVE or CLOSED ones")
    Page<RoomView> list(@RequestParam(required = false) RoomState state,
                        @RequestParam(defaultValue = "0") @Min(0) int page,
                        @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        RoomPage found = catalog.list(state, page, size);
        return new Page<>(found.rooms().stream().map(this::view).toList(), page, size, found.totalRooms());
    }

    @GetMapping("/{roomId}")
    @Operation(summary = "Get a room, with how many participants are in it now")
    @Problems(ErrorCode.ROOM_NOT_FOUND)
    RoomView get(@PathVariable String roomId) {
        return view(catalog.require(RoomIds.parse(roomId)));
    }

    @PatchMapping("/{roomId}")
    @Operation(summary = "Replace a room's metadata")
    @Problems({ErrorCode.ROOM_NOT_FOUND, ErrorCode.ROOM_CLOSED})
    RoomView update(@PathVariable String roomId, @Valid @RequestBody UpdateRoom request) {
        return view(catalog.replaceMetadata(RoomIds.parse(roomId),
                limits.check("metadata", request.metadata(), ApiRequests.MAX_ROOM_METADATA_BYTES)));
    }

    @PostMapping("/{roomId}/close")
    @Operation(summary = "Close a room", description = "Everyone in it gets roomClosed and is disconnected; its "
            + "history stays. A closed room takes nobody and cannot be reopened.")
    @Problems({ErrorCode.ROOM_NOT_FOUND, ErrorCode.ROOM_CLOSED})
    RoomView close(@PathVariable String roomId) {
        return view(moderation.close(RoomIds.parse(roomId), "closed_by_api"));
    }

    private RoomView view(Room room) {
        return RoomView.of(room, membership.count(room.id()));
    }

    private IdempotencyKey idempotency(Jwt client, String key, CreateRoom request) {
        if (key.isBlank() || key.length() > 255) {
            throw ConclaveException.invalidParam("Idempotency-Key", "must be 1-255 characters");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return new IdempotencyKey(client.getSubject(), key, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
