package dev.conclave.signaling.api;

import dev.conclave.signaling.room.RoomAccess;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.signaling.room.Topology;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Set;

/** The REST API's request bodies, validated at the edge before anything else sees them. */
final class ApiRequests {

    static final String IDENTITY = "^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$";
    static final String DISPLAY_NAME = "^(?=.*\\S)[^\\p{Cntrl}]{1,64}$";
    static final String GRANT = "publish|subscribe|chat|moderate";
    static final int MAX_ROOM_METADATA_BYTES = 16 * 1024;
    static final int MAX_PARTICIPANT_METADATA_BYTES = 4 * 1024;

    private ApiRequests() {
    }

    /**
     * @param name                the room's id, as in links; generated when absent
     * @param access              who may join: {@code OPEN} (anyone with the link) or {@code TOKEN} (default)
     * @param topology            {@code MESH} (default), {@code SFU} (needs the media tier) or {@code AUTO} (mesh, moved to SFU as it grows)
     * @param maxParticipants     default 16; everyone counts, audience included (up to 100,000)
     * @param emptyTimeoutSeconds close the room after it has been empty this long; absent: never
     */
    record CreateRoom(
            @Size(max = 64, message = "must be at most 64 characters")
            @Pattern(regexp = RoomId.PATTERN, message = "must be letters, digits, '_' or '-', starting with a letter or digit")
            String name,
            RoomAccess access,
            Topology topology,
            @Min(1) @Max(100_000) Integer maxParticipants,
            @Min(1) @Max(604_800) Integer emptyTimeoutSeconds,
            Map<String, Object> metadata) {
    }

    record UpdateRoom(@NotNull Map<String, Object> metadata) {
    }

    /**
     * @param grants     default publish, subscribe, chat
     * @param ttlSeconds default 600
     */
    record MintJoinToken(
            @NotNull @Pattern(regexp = IDENTITY, message = "must be 1-128 letters, digits or . _ @ : - , starting with a letter or digit")
            String identity,
            @NotNull @Pattern(regexp = DISPLAY_NAME, message = "must be 1-64 characters, no control characters, not blank")
            String displayName,
            Set<@NotNull @Pattern(regexp = GRANT, message = "must be one of publish, subscribe, chat, moderate") String> grants,
            Map<String, Object> metadata,
            @Min(30) @Max(86_400) Integer ttlSeconds) {
    }

    record Mute(@NotNull @Pattern(regexp = "audio|video", message = "must be audio or video") String kind,
                @NotNull Boolean muted) {
    }

    record SystemMessage(@NotNull @Size(max = 4000) String text) {
    }

    record ChatMute(@NotNull Boolean muted) {
    }

    /** At least one of identity and address. */
    record Block(
            @Pattern(regexp = IDENTITY, message = "must be a participant identity") String identity,
            @Pattern(regexp = "^[0-9A-Fa-f.:]{2,45}$", message = "must be an IPv4 or IPv6 address") String address,
            @Size(max = 500)
            @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "must hold no control characters") String reason) {
    }

    record RegisterWebhook(
            @NotNull @Size(max = 2048) String url,
            @NotEmpty Set<@NotNull @Pattern(regexp = "room\\.created|room\\.closed|participant\\.joined|participant\\.left",
                    message = "must be one of room.created, room.closed, participant.joined, participant.left") String> events) {
    }
}
