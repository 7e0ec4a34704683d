package dev.conclave.signaling.moderation;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.membership.AdmissionPolicy;
import dev.conclave.signaling.network.IpLiteral;
import dev.conclave.signaling.membership.Member;
import dev.conclave.signaling.membership.RoomModeration;
import dev.conclave.signaling.membership.RoomRoster;
import dev.conclave.signaling.participant.ClientInfo;
import dev.conclave.signaling.room.RoomCatalog;
import dev.conclave.signaling.room.RoomId;
import java.net.InetAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A room's blocklist: identities and client addresses that may not join or resume. Blocking someone who is in the
 * room removes them at once.
 */
@Service
public class RoomBlocks implements AdmissionPolicy {

    private static final Logger log = LoggerFactory.getLogger(RoomBlocks.class);

    private final JdbcTemplate jdbc;
    private final RoomCatalog rooms;
    private final RoomRoster roster;
    private final RoomModeration moderation;
    private final Clock clock;

    RoomBlocks(JdbcTemplate jdbc, RoomCatalog rooms, RoomRoster roster, RoomModeration moderation, Clock clock) {
        this.jdbc = jdbc;
        this.rooms = rooms;
        this.roster = roster;
        this.moderation = moderation;
        this.clock = clock;
    }

    @Override
    public void check(RoomId room, String identity, ClientInfo client) {
        Boolean blocked = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM room_block WHERE room_id = ? AND (identity = ? OR address = ?))""",
                Boolean.class, room.value(), identity, client.remoteAddress());
        if (Boolean.TRUE.equals(blocked)) {
            log.info("Refused blocked identity={} address={} in room={}", identity, client.remoteAddress(), room);
            throw new ConclaveException(ErrorCode.BLOCKED, "you are not allowed in room " + room);
        }
    }

    /** Blocks an identity and/or an address, and removes whoever in the room it matches now. */
    public RoomBlock block(RoomId room, String identity, String spelledAddress, String reason, String by) {
        // spelled as client addresses are recorded: ::ffff:a.b.c.d is a.b.c.d, IPv6 in full
        String address = spelledAddress == null ? null : IpLiteral.parse(spelledAddress).map(IpLiteral::unwrap)
                .map(InetAddress::getHostAddress)
                .orElseThrow(() -> ConclaveException.invalidParam("address", "must be an IPv4 or IPv6 address"));
        RoomBlock block = insert(room, identity, address, reason, by);
        for (Member member : roster.allMembers(room)) {
            boolean sameIdentity = identity != null && identity.equals(member.info().identity());
            boolean sameAddress = address != null && address.equals(currentAddress(member));
            if (sameIdentity || sameAddress) {
                try {
                    moderation.remove(room, member.id(), "blocked");
                } catch (ConclaveException alreadyGone) {
                    log.debug("Blocked participant {} was already gone", member.id());
                }
            }
        }
        log.info("Blocked identity={} address={} in room={} by {}", identity, address, room, by);
        return block;
    }

    @Transactional(readOnly = true)
    public List<RoomBlock> list(RoomId room) {
        rooms.require(room);
        return jdbc.query("SELECT * FROM room_block WHERE room_id = ? ORDER BY id", RoomBlocks::block, room.value());
    }

    @Transactional
    public void unblock(RoomId room, long id) {
        if (jdbc.update("DELETE FROM room_block WHERE room_id = ? AND id = ?", room.value(), id) == 0) {
            throw new ConclaveException(ErrorCode.BLOCK_NOT_FOUND, "room " + room + " has no block " + id);
        }
    }

    private RoomBlock insert(RoomId room, String identity, String address, String reason, String by) {
        if (rooms.require(room).isClosed()) {
            throw new ConclaveException(ErrorCode.ROOM_CLOSED, "room " + room + " is closed");
        }
        Instant now = clock.instant();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("""
                    INSERT INTO room_block (room_id, identity, address, reason, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            insert.setString(1, room.value());
            insert.setString(2, identity);
            insert.setString(3, address);
            insert.setString(4, reason);
            insert.setString(5, by);
            insert.setTimestamp(6, Timestamp.from(now));
            return insert;
        }, key);
        return new RoomBlock(Objects.requireNonNull(key.getKey()).longValue(), room, identity, address, reason, by, now);
    }

    /** The address the member's open session was recorded from. */
    private String currentAddress(Member member) {
        return jdbc.query("SELECT remote_address FROM participant_session WHERE id = ? AND left_at IS NULL",
                (row, n) -> row.getString(1), member.id().value()).stream().findFirst().orElse(null);
    }

    private static RoomBlock block(ResultSet row, int n) throws SQLException {
        return new RoomBlock(row.getLong("id"), new RoomId(row.getString("room_id")), row.getString("identity"),
                row.getString("address"), row.getString("reason"), row.getString("created_by"),
                row.getTimestamp("created_at").toInstant());
    }
}
