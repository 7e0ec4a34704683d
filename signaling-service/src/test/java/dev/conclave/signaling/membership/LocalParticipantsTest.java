package dev.conclave.signaling.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conclave.signaling.participant.Participant;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

@DisplayName("this node's participants")
class LocalParticipantsTest {

    private static final RoomId ROOM = new RoomId("room-a");

    /** Stands for the room bus: records what it is told; can be made to wait (as on Redis) or to fail. */
    private static final class Bus implements RoomPresenceListener {
        final List<String> told = new CopyOnWriteArrayList<>();
        volatile RoomId slowRoom;
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch slowMayFinish = new CountDownLatch(1);
        volatile boolean failing;

        @Override
        public void firstLocalMember(RoomId room) {
            if (failing) {
                throw new IllegalStateException("Redis is away");
            }
            if (room.equals(slowRoom)) {
                slowStarted.countDown();
                try {
                    slowMayFinish.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            told.add("first " + room.value());
        }

        @Override
        public void lastLocalMemberLeft(RoomId room) {
            told.add("last " + room.value());
        }
    }

    private final Bus bus = new Bus();
    private final LocalParticipants local = new LocalParticipants(new SimpleMeterRegistry(),
            new StaticListableBeanFactory(Map.of("bus", bus)).getBeanProvider(RoomPresenceListener.class));

    @Test
    @DisplayName("a room's first member waiting on the bus holds up no other room, not even one in the same map bin")
    void slowSubscriptionHoldsNoOtherRoom() throws Exception {
        RoomId other = sameBinAs(ROOM);
        bus.slowRoom = ROOM;
        CompletableFuture<Void> slowJoin = CompletableFuture.runAsync(() -> local.add(participant(ROOM), "s1"));
        assertThat(bus.slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> otherJoin = CompletableFuture.runAsync(() -> local.add(participant(other), "s2"));
        otherJoin.get(2, TimeUnit.SECONDS);
        assertThat(local.inRoom(other)).hasSize(1);
        assertThat(local.inRoom(ROOM)).as("not in until its room's channel is subscribed").isEmpty();

        bus.slowMayFinish.countDown();
        slowJoin.get(5, TimeUnit.SECONDS);
        assertThat(local.inRoom(ROOM)).hasSize(1);
    }

    @Test
    @DisplayName("tells the bus of a room's first and last member once each, in order, however often it empties")
    void firstAndLast() {
        Participant ada = participant(ROOM);
        Participant bob = participant(ROOM);
        local.add(ada, "s1");
        local.add(bob, "s2");
        local.remove(ada.id());
        local.remove(bob.id());
        local.add(ada, "s3");
        local.remove(ada.id());

        assertThat(bus.told).containsExactly("first room-a", "last room-a", "first room-a", "last room-a");
        assertThat(local.inRoom(ROOM)).isEmpty();
    }

    @Test
    @DisplayName("a first member the bus could not take is not here, and the next one tries the bus again")
    void failedSubscription() {
        Participant ada = participant(ROOM);
        bus.failing = true;

        assertThatThrownBy(() -> local.add(ada, "s1")).hasMessageContaining("Redis is away");
        assertThat(local.get(ada.id())).isEmpty();
        assertThat(local.inRoom(ROOM)).isEmpty();

        bus.failing = false;
        local.add(ada, "s2");
        assertThat(local.inRoom(ROOM)).containsExactly(ada.id());
        assertThat(bus.told).containsExactly("first room-a");
    }

    @Test
    @DisplayName("many members joining and leaving one room at once leave it announced exactly when it has members")
    void concurrentJoinsAndLeaves() throws Exception {
        for (int round = 0; round < 200; round++) {
            List<Participant> members = List.of(participant(ROOM), participant(ROOM), participant(ROOM));
            CompletableFuture<?>[] work = members.stream().map(member -> CompletableFuture.runAsync(() -> {
                local.add(member, "s-" + member.id().value());
                local.remove(member.id());
            })).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(work).get(5, TimeUnit.SECONDS);
            assertThat(local.inRoom(ROOM)).isEmpty();
        }
        List<String> told = List.copyOf(bus.told);
        for (int i = 0; i < told.size(); i++) {
            assertThat(told.get(i)).as("event %d of %s", i, told).isEqualTo(i % 2 == 0 ? "first room-a" : "last room-a");
        }
        assertThat(told.size() % 2).isZero();
    }

    /** A room whose id falls in the same bin of a new ConcurrentHashMap's 16 as {@code room}'s. */
    private static RoomId sameBinAs(RoomId room) {
        for (int i = 0; ; i++) {
            RoomId candidate = new RoomId("room-" + i);
            if (!candidate.equals(room) && bin(candidate) == bin(room)) {
                return candidate;
            }
        }
    }

    private static int bin(RoomId room) {
        int h = room.hashCode();
        return (h ^ (h >>> 16)) & 15;
    }

    private static Participant participant(RoomId room) {
        return new Participant(ParticipantId.random(), room, "user-" + System.nanoTime(), "Someone", Set.of(), false,
                Instant.EPOCH, Map.of());
    }
}
