package dev.conclave.signaling.rpc;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.springframework.util.unit.DataSize;

/**
 * The WebSocket JSON-RPC endpoint's limits and timings.
 *
 * @param maxMessageSize   larger frames get {@code MESSAGE_TOO_LARGE} (the socket stays open)
 * @param maxFrameSize     larger frames close the socket with 1009; must exceed {@code maxMessageSize}
 * @param pingInterval     how long a joined client may be silent before the server pings it (told to it on join)
 * @param missedPings      silent intervals (no message, no pong) after which a participant is let go
 * @param joinTimeout      how long a new socket may stay without joining a room
 * @param sendTimeLimit    how long one send to a slow client may block before the connection is dropped
 * @param sendBufferLimit  how much may queue for one slow client before the connection is dropped
 * @param closeLinger      the pause between a connection's last message and its close, so that an intermediary that
 *                         passes a close on as soon as it arrives (the gateway) cannot overtake that message
 * @param busyRoomMembers  from this many members on a node, a room's chat goes out in passes that may carry several
 *                         messages per frame (a JSON-RPC batch), sent by all cores
 */
@Validated
@ConfigurationProperties("conclave.signaling.rpc")
public record RpcProperties(@NotNull DataSize maxMessageSize, @NotNull DataSize maxFrameSize,
                           @NotNull Duration pingInterval, @Min(2) int missedPings, @NotNull Duration joinTimeout,
                           @NotNull Duration sendTimeLimit, @NotNull DataSize sendBufferLimit,
                           @NotNull Duration closeLinger, @Min(1) int busyRoomMembers) {

    public Duration silenceLimit() {
        return pingInterval.multipliedBy(missedPings);
    }
}
