package dev.conclave.signaling.rpc;

import dev.conclave.signaling.chat.ChatService;
import dev.conclave.signaling.chat.SentMessage;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.ice.IceServers;
import dev.conclave.signaling.membership.JoinResult;
import dev.conclave.signaling.membership.LocalParticipants;
import dev.conclave.signaling.membership.MembershipProperties;
import dev.conclave.signaling.membership.RoomMembership;
import dev.conclave.signaling.membership.RoomHands;
import dev.conclave.signaling.membership.RoomModeration;
import dev.conclave.signaling.participant.Grant;
import dev.conclave.signaling.participant.LeaveReason;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.reaction.Reactions;
import dev.conclave.signaling.relay.RelayService;
import dev.conclave.signaling.rpc.RpcConnection.Membership;
import dev.conclave.signaling.rpc.RpcRequest.JoinRoom;
import dev.conclave.signaling.rpc.RpcRequest.LeaveRoom;
import dev.conclave.signaling.media.SfuMedia;
import dev.conclave.signaling.rpc.RpcRequest.AddIceCandidate;
import dev.conclave.signaling.rpc.RpcRequest.LowerHand;
import dev.conclave.signaling.rpc.RpcRequest.MuteChat;
import dev.conclave.signaling.rpc.RpcRequest.MuteParticipant;
import dev.conclave.signaling.rpc.RpcRequest.Publish;
import dev.conclave.signaling.rpc.RpcRequest.React;
import dev.conclave.signaling.rpc.RpcRequest.RemoveParticipant;
import dev.conclave.signaling.rpc.RpcRequest.Subscribe;
import dev.conclave.signaling.rpc.RpcRequest.Unpublish;
import dev.conclave.signaling.rpc.RpcRequest.Unsubscribe;
import dev.conclave.signaling.rpc.RpcViews.SdpAnswerResult;
import dev.conclave.signaling.rpc.RpcRequest.Ping;
import dev.conclave.signaling.rpc.RpcRequest.Relay;
import dev.conclave.signaling.rpc.RpcRequest.ResumeRoom;
import dev.conclave.signaling.rpc.RpcRequest.SendMessage;
import dev.conclave.signaling.rpc.RpcRequest.SetConnectionQuality;
import dev.conclave.signaling.rpc.RpcRequest.SetHand;
import dev.conclave.signaling.rpc.RpcRequest.SetMuted;
import dev.conclave.signaling.rpc.RpcRequest.SetSpeaking;
import dev.conclave.signaling.rpc.RpcViews.Empty;
import dev.conclave.signaling.rpc.RpcViews.JoinRoomResult;
import dev.conclave.signaling.rpc.RpcViews.PingResult;
import dev.conclave.signaling.rpc.RpcViews.SendMessageResult;
import dev.conclave.signaling.quality.ConnectionQualities;
import dev.conclave.signaling.speaking.ActiveSpeakers;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** The one dispatch point: each validated request to the domain service that handles it, and back as a result. */
@Component
class RpcDispatcher {

    private static final Empty EMPTY = new Empty();
    /** Why a participant a moderator removed was removed, as its {@code removed} notification says. */
    static final String REMOVED_BY_MODERATOR = "removed_by_moderator";

    private final RoomMembership membership;
    private final RoomModeration moderation;
    private final RoomHands hands;
    private final Reactions reactions;
    private final ActiveSpeakers speakers;
    private final ConnectionQualities qualities;
    private final LocalParticipants local;
    private final RelayService relays;
    private final ChatService chat;
    private final RpcConnections connections;
    private final IceServers iceServers;
    private final SfuMedia sfu;
    private final RpcProperties properties;
    private final MembershipProperties membershipProperties;
    private final Clock clock;

    RpcDispatcher(RoomMembership membership, RoomModeration moderation, RoomHands hands, Reactions reactions,
                  ActiveSpeakers speakers, ConnectionQualities qualities, LocalParticipants local, RelayService relays,
                  ChatService chat, RpcConnections connections, IceServers iceServers, SfuMedia sfu,
                  RpcProperties properties, MembershipProperties membershipProperties, Clock clock) {
        this.sfu = sfu;
        this.membership = membership;
        this.moderation = moderation;
        this.hands = hands;
        this.reactions = reactions;
        this.speakers = speakers;
        this.qualities = qualities;
        this.local = local;
        this.relays = relays;
        this.chat = chat;
        this.connections = connections;
        this.iceServers = iceServers;
        this.properties = properties;
        this.membershipProperties = membershipProperties;
        this.clock = clock;
    }

    Object dispatch(RpcConnection connection, RpcRequest request) {
        if (request instanceof Ping) {
            return new PingResult(clock.instant());
        }
        if (request instanceof JoinRoom join) {
            ParticipantId participantId = ParticipantId.random();
            return enter(connection, participantId,
                    () -> membership.join(join.roomId(), join.token(), participantId, connection.id(), connection.client()));
        }
        if (request instanceof ResumeRoom resume) {
            return resume(connection, resume);
        }
        Membership member = connection.membership();
        if (member == null) {
            throw new ConclaveException(ErrorCode.NOT_JOINED, "join a room first");
        }
        if (request instanceof LeaveRoom) {
            endStay(connection, LeaveReason.LEFT);
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
        if (request instanceof Publish publish) {
            return SdpAnswerResult.of(sfu.publish(member.roomId(), member.participantId(), publish.sdpOffer()));
        }
        if (request instanceof Subscribe subscribe) {
            return SdpAnswerResult.of(sfu.subscribe(member.roomId(), member.participantId(), subscribe.publisherId(),
                    subscribe.sdpOffer()));
        }
        if (request instanceof AddIceCandidate candidate) {
            sfu.addIceCandidate(member.roomId(), member.participantId(), candidate.publisherId(),
                    candidate.candidate());
            return EMPTY;
        }
        if (request instanceof Unsubscribe unsubscribe) {
            sfu.unsubscribe(member.roomId(), member.participantId(), unsubscribe.publisherId());
            return EMPTY;
        }
        if (request instanceof Unpublish) {
            sfu.unpublish(member.roomId(), member.participantId());
            return EMPTY;
        }
        if (request instanceof SetHand hand) {
            hands.setHand(member.roomId(), member.participantId(), hand.raised());
            return EMPTY;
        }
        if (request instanceof LowerHand lower) {
            hands.lowerHand(member.roomId(), member.participantId(), lower.participantId());
            return EMPTY;
        }
        if (request instanceof SetSpeaking speaking) {
            speakers.setSpeaking(member.roomId(), member.participantId(), speaking.speaking());
            return EMPTY;
        }
        if (request instanceof React react) {
            reactions.react(member.roomId(), member.participantId(), react.emoji());
            return EMPTY;
        }
        if (request instanceof SetConnectionQuality quality) {
            qualities.setQuality(member.roomId(), member.participantId(), quality.level());
            return EMPTY;
        }
        if (request instanceof MuteChat muteChat) {
            requireModerator(member, "muting someone's chat");
            moderation.muteChat(member.roomId(), muteChat.participantId(), muteChat.muted());
            return EMPTY;
        }
        if (request instanceof MuteParticipant mute) {
            requireModerator(member, "muting someone");
            moderation.forceMute(member.roomId(), mute.participantId(), mute.kind(), true, member.participantId());
            return EMPTY;
        }
        if (request instanceof RemoveParticipant remove) {
            requireModerator(member, "removing someone");
            if (remove.participantId().equals(member.participantId())) {
                throw ConclaveException.invalidParam("participantId", "cannot remove yourself; use leaveRoom");
            }
            moderation.remove(member.roomId(), remove.participantId(), REMOVED_BY_MODERATOR, member.participantId());
            return EMPTY;
        }
        throw new IllegalStateException("no handler for " + request.getClass().getSimpleName());
    }

    private JoinRoomResult resume(RpcConnection connection, ResumeRoom resume) {
        if (connection.membership() != null) {
            throw alreadyJoined(connection);
        }
        JoinResult resumed = membership.resume(resume.roomId(), resume.resumeToken(), connection.id(),
                connection.client());
        connections.speaksFor(resumed.participant().id(), connection);
        return entered(connection, resumed);
    }

    /** Joins with a participant id this connection already answers for: room events may reach it at once. */
    private JoinRoomResult enter(RpcConnection connection, ParticipantId participantId, Supplier<JoinResult> join) {
        if (connection.membership() != null) {
            throw alreadyJoined(connection);
        }
        connections.speaksFor(participantId, connection);
        JoinResult joined;
        try {
            joined = join.get();
        } catch (RuntimeException e) {
            connections.forget(participantId, connection);
            throw e;
        }
        return entered(connection, joined);
    }

    private JoinRoomResult entered(RpcConnection connection, JoinResult joined) {
        connection.joined(new Membership(joined.room().id(), joined.participant().id()));
        if (!connection.isOpen()) {
            lose(connection);
        }
        return JoinRoomResult.of(joined, iceServers.forParticipant(joined.participant().id()),
                sfu.publishers(joined.room().id(), joined.room().mediaTopology()),
                properties.pingInterval().toMillis(), membershipProperties.resumeGrace().toMillis());
    }

    /** The connection's participant leaves its room for good, if it is in one: by request, or saying goodbye. */
    void endStay(RpcConnection connection, LeaveReason reason) {
        Membership left = connection.leave(clock.instant());
        if (left != null) {
            connections.forget(left.participantId(), connection);
            membership.leave(left.roomId(), left.participantId(), reason);
        }
    }

    /** The connection is gone without a goodbye: its participant keeps its place for the grace period. */
    void lose(RpcConnection connection) {
        Membership lost = connection.leave(clock.instant());
        if (lost != null) {
            connections.forget(lost.participantId(), connection);
            membership.connectionLost(lost.roomId(), lost.participantId(), connection.id());
        }
    }

    private void requireModerator(Membership member, String what) {
        if (!local.get(member.participantId()).map(p -> p.may(Grant.MODERATE)).orElse(false)) {
            throw new ConclaveException(ErrorCode.PERMISSION_DENIED, what + " needs the moderate grant");
        }
    }

    private static ConclaveException alreadyJoined(RpcConnection connection) {
        return new ConclaveException(ErrorCode.ALREADY_JOINED,
                "this connection is already in room " + connection.membership().roomId());
    }
}
