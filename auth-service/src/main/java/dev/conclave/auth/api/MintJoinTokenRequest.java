package dev.conclave.auth.api;

import dev.conclave.auth.jointoken.Grant;
import dev.conclave.auth.jointoken.JoinTokenSpec;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Body of {@code POST /api/v1/join-tokens}.
 *
 * @param identity    required unless {@code guest} is true, in which case a {@code guest-…} identity is generated
 * @param grants      defaults to publish, subscribe and chat
 * @param ttlSeconds  defaults to the configured default lifetime
 * @param metadata    optional free-form JSON object (at most 4 KiB as JSON) copied into the token's {@code metadata}
 *                    claim; readable by whoever holds the token, so nothing secret
 */
record MintJoinTokenRequest(
        @NotNull @Pattern(regexp = ROOM_ID, message = "must match " + ROOM_ID) String roomId,
        @Pattern(regexp = IDENTITY, message = "must match " + IDENTITY) String identity,
        @NotNull @Pattern(regexp = DISPLAY_NAME, message = "must be 1-64 characters, no control characters, not blank")
        String displayName,
        Set<@NotNull @Pattern(regexp = "publish|subscribe|chat|moderate",
                message = "must be one of publish, subscribe, chat, moderate") String> grants,
        @Positive Integer ttlSeconds,
        Boolean guest,
        Map<String, Object> metadata) {

    static final String ROOM_ID = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";
    static final String IDENTITY = "^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$";
    /** Control characters and unpaired surrogates (\\p{Cs}: text UTF-8 cannot encode, which a token would carry as '?'). */
    static final String DISPLAY_NAME = "^(?=.*\\S)[^\\p{Cntrl}\\p{Cs}]{1,64}$";
    static final int MAX_METADATA_BYTES = 4096;

    private static final Set<Grant> DEFAULT_GRANTS = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.CHAT);

    JoinTokenSpec toSpec() {
        boolean isGuest = Boolean.TRUE.equals(guest);
        if (isGuest && identity != null) {
            throw new InvalidFieldException("identity", "must be absent for a guest token: guests get a generated identity");
        }
        if (!isGuest && identity == null) {
            throw new InvalidFieldException("identity", "is required unless guest is true");
        }
        Set<Grant> granted = grants == null ? DEFAULT_GRANTS : EnumSet.noneOf(Grant.class);
        if (grants != null) {
            grants.forEach(name -> granted.add(Grant.fromWireName(name).orElseThrow()));
        }
        if (metadata != null) {
            String problem = problemIn(metadata);
            if (problem != null) {
                throw new InvalidFieldException("metadata", problem);
            }
            int size = JsonMapper.shared().writeValueAsBytes(metadata).length;
            if (size > MAX_METADATA_BYTES) {
                throw new InvalidFieldException("metadata",
                        "must be at most " + MAX_METADATA_BYTES + " bytes as JSON, is " + size);
            }
        }
        Duration ttl = ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds);
        return new JoinTokenSpec(roomId, identity, displayName.strip(), granted, ttl, isGuest, metadata);
    }

    /**
     * What signaling could not carry or keep, in keys or values: an unpaired surrogate (no UTF-8 for it: the signed
     * token said '?') and NUL (PostgreSQL's jsonb, where the participant's session keeps its metadata, refuses it).
     */
    private static String problemIn(Object value) {
        if (value instanceof String text) {
            if (text.indexOf('\0') >= 0) {
                return "may not hold the NUL character";
            }
            return text.codePoints().anyMatch(point -> Character.getType(point) == Character.SURROGATE)
                    ? "holds text UTF-8 cannot encode (an unpaired surrogate)" : null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String problem = problemIn(entry.getKey());
                if (problem == null) {
                    problem = problemIn(entry.getValue());
                }
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                String problem = problemIn(item);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
