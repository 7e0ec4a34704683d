package dev.conclave.signaling.error;

/**
 * Every error a client can be told about, with the stable numeric code clients switch on. The JSON-RPC edge sends
 * {@link #code()} and {@link #name()}; the REST edge turns them into problem types. Codes never change meaning.
 */
public enum ErrorCode {
    PARSE_ERROR(-32700),
    INVALID_REQUEST(-32600),
    METHOD_NOT_FOUND(-32601),
    INVALID_PARAMS(-32602),
    INTERNAL_ERROR(-32603),
    /** A service Conclave depends on (auth-service, the database) did not answer; retrying later may work. */
    UNAVAILABLE(-32000),

    MESSAGE_TOO_LARGE(1000),
    RATE_LIMITED(1001),
    MESSAGE_REJECTED(1002),

    NOT_JOINED(2000),
    ALREADY_JOINED(2001),
    RESUME_FAILED(2002),

    TOKEN_MISSING(3000),
    TOKEN_INVALID(3001),
    TOKEN_EXPIRED(3002),
    TOKEN_ROOM_MISMATCH(3003),
    PERMISSION_DENIED(3004),
    CHAT_MUTED(3005),

    ROOM_NOT_FOUND(4000),
    ROOM_FULL(4001),
    ROOM_CLOSED(4002),
    ROOM_ACCESS_DENIED(4003),
    ROOM_ALREADY_EXISTS(4004),
    IDEMPOTENCY_KEY_REUSED(4005),
    BLOCKED(4006),

    PARTICIPANT_NOT_FOUND(5000),
    CANNOT_RELAY_TO_SELF(5001),

    WEBHOOK_NOT_FOUND(6000),
    BLOCK_NOT_FOUND(6001),

    /** No media tier answers (none configured, no worker up, or media-service down): SFU media cannot flow now. */
    SFU_UNAVAILABLE(7000),
    /** publish/subscribe in a mesh room: mesh media goes peer to peer with {@code relay}. */
    NOT_SFU_ROOM(7001),
    ALREADY_PUBLISHING(7002),
    /** The participant named is not publishing (yet, or any more). */
    NOT_PUBLISHING(7003),
    /** The SDP is not an offer, or the media server could not parse it. */
    INVALID_SDP(7004),
    /** An ICE candidate for an endpoint the participant does not have. */
    UNKNOWN_ENDPOINT(7005),
    CANNOT_SUBSCRIBE_TO_SELF(7006);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Failures of the join token itself: the connection is closed after the error is sent. */
    public boolean rejectsCredentials() {
        return this == TOKEN_MISSING || this == TOKEN_INVALID || this == TOKEN_EXPIRED
                || this == TOKEN_ROOM_MISMATCH || this == ROOM_ACCESS_DENIED || this == BLOCKED;
    }
}
