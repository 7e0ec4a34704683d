package dev.conclave.signaling.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.moderation.RoomBlock;
import dev.conclave.signaling.participant.ParticipantInfo;
import dev.conclave.signaling.participant.ParticipantSession;
import dev.conclave.signaling.room.Room;
import dev.conclave.signaling.webhook.WebhookDelivery;
import dev.conclave.signaling.webhook.WebhookEndpoint;
import dev.conclave.signaling.webhook.WebhookEventType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The REST API's answers; domain objects and entities never reach the wire directly. */
final class ApiViews {

    private ApiViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoomView(String id, String access, String topology, String mediaTopology, int maxParticipants,
                    Integer emptyTimeoutSeconds, Map<String, Object> metadata, String state, Instant createdAt,
                    Instant closedAt, String closeReason, int participantCount) {
        static RoomView of(Room room, int participantCount) {
            return new RoomView(room.id().value(), room.access().name(), room.topology().name(),
                    room.mediaTopology().name(), room.maxParticipants(),
                    room.emptyTimeoutSeconds(), room.metadata(), room.state().name(), room.createdAt(),
                    room.closedAt(), room.closeReason(), participantCount);
        }
    }

    record Page<T>(List<T> items, int page, int size, long totalItems) {
    }

    /**
     * @param state        {@code connected}, or {@code reconnecting} while its connection is lost and its place held
     * @param handRaisedAt {@code null} while its hand is down
     */
    record ParticipantView(String id, String identity, String name, String node, String state, Instant joinedAt,
                           boolean audioMuted, boolean videoMuted, boolean chatMuted, Map<String, Object> metadata,
                           Instant handRaisedAt) {
        static ParticipantView of(Member member) {
            ParticipantInfo info = member.info();
            return new ParticipantView(info.id().value(), info.identity(), info.name(), member.node(),
                    member.presence().name().toLowerCase(Locale.ROOT), info.joinedAt(), info.audioMuted(),
                    info.videoMuted(), member.chatMuted(), info.metadata(), info.handRaisedAt());
        }
    }

    record SessionView(String participantId, String identity, String name, boolean guest, Instant joinedAt,
                       Instant leftAt, long durationSeconds, String leaveReason, String remoteAddress,
                       String userAgent, String node) {
        static SessionView of(ParticipantSession session, Instant now) {
            return new SessionView(session.participantId().value(), session.identity(), session.displayName(),
                    session.guest(), session.joinedAt(), session.leftAt(), session.duration(now).toSeconds(),
                    session.leaveReason(), session.remoteAddress(), session.userAgent(), session.nodeId());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BlockView(long id, String identity, String address, String reason, String createdBy, Instant createdAt) {
        static BlockView of(RoomBlock block) {
            return new BlockView(block.id(), block.identity(), block.address(), block.reason(), block.createdBy(),
                    block.createdAt());
        }
    }

    record JoinTokenView(String token, String roomId, String identity, Instant expiresAt, String joinUrl) {
    }

    record MessageView(String messageId, Instant sentAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookView(String id, String url, List<String> events, Instant createdAt, String secret) {
        static WebhookView of(WebhookEndpoint endpoint, String secret) {
            return new WebhookView(endpoint.id(), endpoint.url().toString(),
                    endpoint.events().stream().map(WebhookEventType::wireName).toList(), endpoint.createdAt(), secret);
        }
    }

    record DeliveryView(long id, String eventId, String type, String roomId, String status, int attempts,
                        Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, List<AttemptView> attemptLog) {
        static DeliveryView of(WebhookDelivery delivery) {
            return new DeliveryView(delivery.id(), delivery.eventId(), delivery.type().wireName(), delivery.roomId(),
                    delivery.status().name(), delivery.attempts(), delivery.createdAt(),
                    delivery.status() == WebhookDelivery.Status.PENDING ? delivery.nextAttemptAt() : null,
                    delivery.deliveredAt(), delivery.attemptLog().stream().map(AttemptView::of).toList());
        }
    }

    record AttemptView(Instant attemptedAt, Integer statusCode, String error, int durationMs) {
        static AttemptView of(WebhookDelivery.Attempt attempt) {
            return new AttemptView(attempt.attemptedAt(), attempt.statusCode(), attempt.error(), attempt.durationMs());
        }
    }
}
