package dev.conclave.signaling.membership;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Closes rooms that have stayed empty longer than their empty timeout. */
@Component
class EmptyRoomCloser {

    static final String REASON = "empty_timeout";
    private static final Logger log = LoggerFactory.getLogger(EmptyRoomCloser.class);

    private final RoomCatalog catalog;
    private final RoomRoster roster;
    private final RoomModeration moderation;

    EmptyRoomCloser(RoomCatalog catalog, RoomRoster roster, RoomModeration moderation) {
        this.catalog = catalog;
        this.roster = roster;
        this.moderation = moderation;
    }

    @Scheduled(fixedDelayString = "${conclave.signaling.rooms.empty-check-interval:PT5S}")
    void closeExpired() {
        for (RoomId room : catalog.emptyPastTimeout()) {
            if (roster.count(room) > 0) {
                catalog.markOccupied(room);
                continue;
            }
            try {
                moderation.close(room, REASON);
            } catch (ConclaveException alreadyClosed) {
                log.debug("Room {} was closed meanwhile: {}", room, alreadyClosed.getMessage());
            }
        }
    }
}
