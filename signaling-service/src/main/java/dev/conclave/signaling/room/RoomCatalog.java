package dev.conclave.signaling.room;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.webhook.WebhookEventType;
import dev.conclave.signaling.webhook.WebhookOutbox;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rooms stored in PostgreSQL: creating (from the API, idempotently, or on first use of a guest link), looking
 * up, listing, changing metadata and closing. Every creation and closing writes its webhook event in the same
 * transaction.
 */
@Service
public class RoomCatalog {

    private static final Logger log = LoggerFactory.getLogger(RoomCatalog.class);
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() { };

    private final RoomRepository repository;
    private final RoomProperties properties;
    private final WebhookOutbox webhooks;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RoomCatalog(RoomRepository repository, RoomProperties properties, WebhookOutbox webhooks, JdbcTemplate jdbc,
                JsonMapper json, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.webhooks = webhooks;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The room, or {@code ROOM_NOT_FOUND}. */
    @Transactional(readOnly = true)
    public Room require(RoomId id) {
        return repository.findById(id.value()).map(this::toRoom).orElseThrow(() -> notFound(id));
    }

    /** The room, created {@code OPEN} now if it does not exist and rooms are created on first use. */
    @Transactional
    public Room requireOrCreateOpen(RoomId id) {
        Instant now = clock.instant();
        if (properties.createOnFirstUse()
                && repository.insertOpenIfAbsent(id.value(), properties.defaultMaxParticipants(), now) == 1) {
            log.info("Created OPEN room room={} on first use", id);
            Room created = require(id);
            webhooks.record(WebhookEventType.ROOM_CREATED, id.value(), webhookData(created));
            return created;
        }
        return require(id);
    }

    /**
     * Creates a room for an API client. With an idempotency key, a repeated request gets the room the first one
     * created ({@link Created#replayed()}), and the same key with another request is refused.
     */
    @Transactional
    public Created create(RoomSpec spec, String clientId, Optional<IdempotencyKey> idempotency) {
        if (idempotency.isPresent()) {
            Optional<Room> earlier = claimKey(idempotency.get());
            if (earlier.isPresent()) {
                return new Created(earlier.get(), true);
            }
        }
        RoomId id = spec.id() != null ? spec.id() : new RoomId("room-" + randomHex(5));
        if (repository.existsById(id.value())) {
            throw new ConclaveException(ErrorCode.ROOM_ALREADY_EXISTS, "room " + id + " already exists");
        }
        RoomEntity entity = repository.saveAndFlush(new RoomEntity(spec, id, toJson(spec.metadata()), clientId, clock.instant()));
        idempotency.ifPresent(key -> jdbc.update(
                "UPDATE idempotent_request SET room_id = ? WHERE client_id = ? AND idempotency_key = ?",
                id.value(), key.clientId(), key.key()));
        Room room = toRoom(entity);
        webhooks.record(WebhookEventType.ROOM_CREATED, id.value(), webhookData(room));
        log.info("Created room room={} access={} maxParticipants={} by client {}", id, spec.access(),
                spec.maxParticipants(), clientId);
        return new Created(room, false);
    }

    @Transactional(readOnly = true)
    public RoomPage list(RoomState state, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id")));
        Page<RoomEntity> found = state == null ? repository.findAll(request) : repository.findByState(state, request);
        return new RoomPage(found.map(this::toRoom).toList(), page, size, found.getTotalElements());
    }

    @Transactional
    public Room replaceMetadata(RoomId id, Map<String, Object> metadata) {
        RoomEntity entity = repository.findForUpdate(id.value()).orElseThrow(() -> notFound(id));
        if (entity.state() == RoomState.CLOSED) {
            throw closed(id);
        }
        entity.replaceMetadata(toJson(metadata));
        return toRoom(repository.saveAndFlush(entity));
    }

    /** Marks the room closed (the live members are the caller's business); {@code ROOM_CLOSED} if it already is. */
    @Transactional
    public Room close(RoomId id, String reason) {
        RoomEntity entity = repository.findForUpdate(id.value()).orElseThrow(() -> notFound(id));
        if (entity.state() == RoomState.CLOSED) {
            throw closed(id);
        }
        entity.close(reason, clock.instant());
        Room room = toRoom(repository.saveAndFlush(entity));
        Map<String, Object> data = webhookData(room);
        data.put("reason", reason);
        webhooks.record(WebhookEventType.ROOM_CLOSED, id.value(), data);
        log.info("Closed room room={} reason={}", id, reason);
        return room;
    }

    /** Moves an {@code AUTO} room still in mesh to SFU; true for the one caller that did it. */
    public boolean moveToSfu(RoomId id) {
        return jdbc.update("UPDATE room SET sfu_since = now() WHERE id = ? AND topology = 'AUTO' AND sfu_since IS NULL",
                id.value()) == 1;
    }

    /** Moves an {@code AUTO} room in SFU back to a mesh; true for the one caller that did it. */
    public boolean moveToMesh(RoomId id) {
        return jdbc.update("UPDATE room SET sfu_since = NULL WHERE id = ? AND topology = 'AUTO' AND sfu_since IS NOT NULL",
                id.value()) == 1;
    }

    @Transactional
    public void markOccupied(RoomId id) {
        repository.markOccupied(id.value());
    }

    @Transactional
    public void markEmpty(RoomId id) {
        repository.markEmpty(id.value(), clock.instant());
    }

    /** Active rooms with an empty timeout that have been empty longer than it. */
    @Transactional(readOnly = true)
    public List<RoomId> emptyPastTimeout() {
        return repository.findEmptyPastTimeout(clock.instant()).stream().map(RoomId::new).toList();
    }

    /** Inserts the key, or — waiting for a concurrent request holding it — finds the room it already made. */
    private Optional<Room> claimKey(IdempotencyKey key) {
        int inserted = jdbc.update("""
                INSERT INTO idempotent_request (client_id, idempotency_key, request_hash, created_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                key.clientId(), key.key(), key.requestHash(), Timestamp.from(clock.instant()));
        if (inserted == 1) {
            return Optional.empty();
        }
        Map<String, Object> earlier = jdbc.queryForMap(
                "SELECT request_hash, room_id FROM idempotent_request WHERE client_id = ? AND idempotency_key = ?",
                key.clientId(), key.key());
        if (!key.requestHash().equals(earlier.get("request_hash"))) {
            throw new ConclaveException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used with a different request; use a new key for a new request");
        }
        return Optional.of(require(new RoomId((String) earlier.get("room_id"))));
    }

    private Room toRoom(RoomEntity entity) {
        return new Room(new RoomId(entity.id()), entity.access(), entity.topology(), entity.maxParticipants(),
                entity.emptyTimeoutSeconds(), json.readValue(entity.metadata(), METADATA), entity.state(),
                entity.createdAt(), entity.closedAt(), entity.closeReason(), entity.createdBy(), entity.sfuSince());
    }

    private String toJson(Map<String, Object> metadata) {
        return json.writeValueAsString(metadata);
    }

    private static Map<String, Object> webhookData(Room room) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", room.id().value());
        data.put("access", room.access().name());
        data.put("topology", room.topology().name());
        data.put("maxParticipants", room.maxParticipants());
        data.put("metadata", room.metadata());
        data.put("createdAt", room.createdAt());
        if (room.closedAt() != null) {
            data.put("closedAt", room.closedAt());
        }
        return data;
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static ConclaveException notFound(RoomId id) {
        return new ConclaveException(ErrorCode.ROOM_NOT_FOUND, "room " + id + " does not exist");
    }

    private static ConclaveException closed(RoomId id) {
        return new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + id + " is closed");
    }

    /** @param replayed {@code true} when an earlier request with the same idempotency key created it */
    public record Created(Room room, boolean replayed) {
    }
}
