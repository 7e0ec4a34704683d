package dev.conclave.signaling.rpc;

import dev.conclave.signaling.chat.ChatService;
import dev.conclave.signaling.chat.SentMessage;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.ice.IceProperties;
import dev.conclave.signaling.membership.JoinResult;
import dev.conclave.signaling.membership.RoomMembership;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.relay.RelayService;
import dev.conclave.signaling.rpc.RpcConnection.Membership;
import dev.conclave.signaling.rpc.RpcRequest.JoinRoom;
import dev.conclave.signaling.rpc.RpcRequest.LeaveRoom;
import dev.conclave.signaling.rpc.RpcRequest.Ping;
import dev.conclave.signaling.rpc.RpcRequest.Relay;
import dev.conclave.signaling.rpc.RpcRequest.SendMessage;
import dev.conclave.signaling.rpc.RpcRequest.SetMuted;
import dev.conclave.signaling.rpc.RpcViews.Empty;
import dev.conclave.signaling.rpc.RpcViews.JoinRoomResult;
import dev.conclave.signaling.rpc.RpcViews.PingResult;
import dev.conclave.signaling.rpc.RpcViews.SendMessageResult;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** The one dispatch point: each validated request to the domain service that handles it, and back as a result. */
@Component
class RpcDispatcher {

    private static final Empty EMPTY = new Empty();

    private final RoomMembership membership;
    private final RelayService relays;
    private final ChatService chat;
    private final RpcConnections connections;
    private final IceProperties ice;
    private final RpcProperties properties;
    private final Clock clock;

    RpcDispatcher(RoomMembership membership, RelayService relays, ChatService chat, RpcConnections connections,
                  IceProperties ice, RpcProperties properties, Clock clock) {
        this.membership = membership;
        this.relays = relays;
        this.chat = chat;
        this.connections = connections;
        this.ice = ice;
        this.properties = properties;
        this.clock = clock;
    }

    Object dispatch(RpcConnection connection, RpcRequest request) {
        if (request instanceof Ping) {
            return new PingResult(clock.instant());
        }
        if (request instanceof JoinRoom join) {
            return join(connection, join);
        }
        Membership member = connection.membership();
        if (member == null) {
            throw new ConclaveException(ErrorCode.NOT_JOINED, "join a room first");
        }
        if (request instanceof LeaveRoom) {
            leave(connection, LeaveReason.LEFT);
            return EMPTY;
        }
        if (request instanceof Relay relay) {
            relays.relay(member.roomId(), member.participantId(), relay.to(), relay.payload());
            return EMPTY;
        }
        if (request instanceof SendMessage message) {
            SentMessage sent = chat.send(member.roomId(), member.participantId(), message.text());
            return new SendMessageResult(sent.messageId(), sent.sentAt());
        }
        if (request instanceof SetMuted muted) {
            membership.setMuted(member.roomId(), member.participantId(), muted.kind(), muted.muted());
            return EMPTY;
        }
        throw new IllegalStateException("no handler for " + request.getClass().getSimpleName());
    }

    private JoinRoomResult join(RpcConnection connection, JoinRoom join) {
        if (connection.membership() != null) {
            throw new ConclaveException(ErrorCode.ALREADY_JOINED,
                    "this connection is already in room " + connection.membership().roomId());
        }
        ParticipantId participantId = ParticipantId.random();
        connections.speaksFor(participantId, connection);
        JoinResult joined;
        try {
            joined = membership.join(join.roomId(), join.token(), participantId, connection.client());
        } catch (RuntimeException e) {
            connections.forget(participantId, connection);
            throw e;
        }
        connection.joined(new Membership(join.roomId(), participantId));
        if (!connection.isOpen()) {
            leave(connection, LeaveReason.DISCONNECTED);
        }
        return JoinRoomResult.of(joined, ice.servers(), properties.pingInterval().toMillis());
    }

    /**
     * The connection's participant leaves its room, if it is in one, for {@code reason} — unless the server already
     * decided to remove it, whose reason wins.
     */
    void leave(RpcConnection connection, LeaveReason reason) {
        Membership left = connection.leave(clock.instant());
        if (left != null) {
            connections.forget(left.participantId(), connection);
            LeaveReason why = connection.removalReason() != null ? connection.removalReason() : reason;
            membership.leave(left.roomId(), left.participantId(), why);
        }
    }
}
