package dev.conclave.signaling.room;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The rooms stored in PostgreSQL: looking them up and creating them on first use. */
@Service
public class RoomCatalog {

    private static final Logger log = LoggerFactory.getLogger(RoomCatalog.class);

    private final RoomRepository repository;
    private final RoomProperties properties;
    private final Clock clock;

    RoomCatalog(RoomRepository repository, RoomProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    /** The room, or {@code ROOM_NOT_FOUND}. */
    @Transactional(readOnly = true)
    public Room require(RoomId id) {
        return repository.findById(id.value()).map(RoomEntity::toRoom)
                .orElseThrow(() -> new ConclaveException(ErrorCode.ROOM_NOT_FOUND, "room " + id + " does not exist"));
    }

    /** The room, created {@code OPEN} now if it does not exist and rooms are created on first use. */
    @Transactional
    public Room requireOrCreateOpen(RoomId id) {
        if (properties.createOnFirstUse()
                && repository.insertIfAbsent(id.value(), RoomAccess.OPEN.name(), properties.defaultMaxParticipants(),
                clock.instant()) == 1) {
            log.info("Created OPEN room room={} on first use", id);
        }
        return require(id);
    }
}
