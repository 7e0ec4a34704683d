package dev.conclave.signaling.rpc;

import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.participant.LeaveReason;
import org.springframework.web.socket.CloseStatus;

/** The WebSocket close codes clients see, as documented in docs/protocol.md. */
final class CloseCodes {

    static final CloseStatus JOIN_TIMEOUT = new CloseStatus(4001, "no joinRoom within the time allowed");
    static final CloseStatus PING_TIMEOUT = new CloseStatus(4002, "no message for too long");
    static final CloseStatus TOO_SLOW = new CloseStatus(4008, "the client stopped reading");
    static final CloseStatus UNAUTHORIZED = new CloseStatus(4401, "join token missing, invalid or expired");
    static final CloseStatus FORBIDDEN = new CloseStatus(4403, "not allowed in this room");
    static final CloseStatus REPLACED = new CloseStatus(4409, "the same identity joined from another connection");
    static final CloseStatus ROOM_CLOSED = new CloseStatus(4410, "the room was closed");
    static final CloseStatus REMOVED = new CloseStatus(4411, "removed from the room");
    static final CloseStatus SHUTTING_DOWN = CloseStatus.GOING_AWAY.withReason("server shutting down");
    static final CloseStatus RECONNECT = new CloseStatus(4012, "this server is stopping: reconnect and resume");
    static final CloseStatus RESUMED_ELSEWHERE = new CloseStatus(4409, "resumed on another connection");

    private CloseCodes() {
    }

    /** How a join that failed on its credentials ends the connection. */
    static CloseStatus forRejectedCredentials(ErrorCode code) {
        return code == ErrorCode.TOKEN_ROOM_MISMATCH || code == ErrorCode.ROOM_ACCESS_DENIED || code == ErrorCode.BLOCKED
                ? FORBIDDEN : UNAUTHORIZED;
    }

    /** A close the client asked for: a goodbye, not a lost connection. */
    static boolean isGoodbye(CloseStatus status) {
        return status.getCode() == CloseStatus.NORMAL.getCode() || status.getCode() == CloseStatus.GOING_AWAY.getCode();
    }

    static CloseStatus forRemoval(LeaveReason reason) {
        return switch (reason) {
            case REPLACED -> REPLACED;
            case REMOVED -> REMOVED;
            case ROOM_CLOSED -> ROOM_CLOSED;
            case TIMEOUT -> PING_TIMEOUT;
            case NODE_STOPPED -> SHUTTING_DOWN;
            case LEFT, DISCONNECTED -> CloseStatus.NORMAL;
        };
    }
}
