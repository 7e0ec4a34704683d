package dev.conclave.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conclave.media.faults.SignalingSide;
import dev.conclave.media.support.MediaTier;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.PublishRequest;
import dev.conclave.proto.media.v1.ReleaseRoomRequest;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import dev.conclave.testing.Pause;
import dev.conclave.testing.faults.FaultProxy;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A signaling node's media event stream is down (its connection refused by {@link FaultProxy}) while media-service
 * emits ICE candidates for its room: publishes made meanwhile straight to media-service. signaling's real event
 * stream, with the settings signaling ships, must get every one of them once the path is back, once each and in
 * order; and when more happened meanwhile than media-service keeps ({@code conclave.media.events.replay-events} is
 * 64 in {@link RunningMediaService}), the room's participants must be told to renegotiate, never left without them.
 */
@DisplayName("media events while a signaling node's event stream is down")
class MediaEventGapIT extends RunningMediaService {

    private static final ParticipantId ALICE = new ParticipantId("alice");

    private FaultProxy proxy;
    private SignalingSide signaling;
    private ManagedChannel direct;
    private RoomId room;

    @BeforeEach
    void connect() {
        proxy = FaultProxy.start("signaling-media-events", grpcPort.port());
        signaling = new SignalingSide(proxy.port());
        direct = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort.port()).usePlaintext().build();
        room = new RoomId("gap-" + UUID.randomUUID().toString().substring(0, 8));
        signaling.media.publish(room, ALICE, MediaTier.OFFER);
        await().atMost(Duration.ofSeconds(5)).until(() -> signaling.delivered(candidateOf(ALICE)));
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        signaling.close();
        proxy.close();
        try {
            MediaAllocationGrpc.newBlockingStub(direct).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .releaseRoom(ReleaseRoomRequest.newBuilder().setRoomId(room.value()).build());
        } finally {
            direct.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private String candidateOf(ParticipantId participant) {
        return "ice " + room + " " + participant + " <- self";
    }

    /** Publishes straight to media-service (another signaling node's call): its worker emits a candidate. */
    private List<String> publishDuringTheGap(int count) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ParticipantId participant = new ParticipantId("gap-" + i);
            MediaAllocationGrpc.newBlockingStub(direct).withDeadlineAfter(10, TimeUnit.SECONDS).publish(
                    PublishRequest.newBuilder().setRoomId(room.value()).setParticipantId(participant.value())
                            .setSdpOffer(MediaTier.OFFER).build());
            expected.add(candidateOf(participant));
        }
        return expected;
    }

    @Test
    @DisplayName("candidates emitted during a gap shorter than what is kept all arrive after it, once each, in order")
    void replayed() {
        List<Long> took = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            proxy.refuse();
            Pause.of(Duration.ofMillis(300));
            List<String> expected = publishDuringTheGap(10);
            Pause.of(Duration.ofMillis(1500)); // the stream tries to reopen meanwhile, and is refused
            assertThat(signaling.delivered).as("nothing arrives while the stream is down")
                    .doesNotContainAnyElementsOf(expected);
            long restored = System.nanoTime();
            proxy.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> signaling.delivered.containsAll(expected));
            took.add((System.nanoTime() - restored) / 1_000_000);
            Pause.of(Duration.ofMillis(300));
            List<String> got = signaling.delivered.stream().filter(expected::contains).toList();
            assertThat(got).as("once each, in the order emitted").isEqualTo(expected);
            assertThat(signaling.renegotiations()).isEmpty();
            room = nextRoom();
        }
        System.out.printf("[fault] signaling->media-service event stream down 1.8 s, 10 publishes' candidates emitted"
                + " meanwhile: all delivered once, in order, %s ms after restore (3 runs); 0 lost%n", took);
    }

    @Test
    @DisplayName("a gap longer than what is kept moves the room: its participants get renegotiate, none is left"
            + " without the candidates silently")
    void tooLong() {
        proxy.refuse();
        Pause.of(Duration.ofMillis(300));
        List<String> expected = publishDuringTheGap(80);
        long restored = System.nanoTime();
        proxy.restore();
        await().atMost(Duration.ofSeconds(15)).until(() -> signaling.renegotiations().stream()
                .anyMatch(line -> line.startsWith("renegotiate " + room + " ") && line.endsWith(" EVENTS_MISSED")));
        long took = (System.nanoTime() - restored) / 1_000_000;
        List<String> delivered = signaling.delivered.stream().filter(expected::contains).toList();
        assertThat(delivered).as("those still kept arrive, once each, in order")
                .isEqualTo(expected.subList(expected.size() - delivered.size(), expected.size()));
        System.out.printf("[fault] signaling->media-service event stream down, 80 publishes meanwhile (64 events"
                + " kept): %d candidates replayed, the rest told as missed; the room renegotiated %d ms after"
                + " restore%n", delivered.size(), took);
    }

    private RoomId nextRoom() {
        MediaAllocationGrpc.newBlockingStub(direct).withDeadlineAfter(10, TimeUnit.SECONDS)
                .releaseRoom(ReleaseRoomRequest.newBuilder().setRoomId(room.value()).build());
        room = new RoomId("gap-" + UUID.randomUUID().toString().substring(0, 8));
        signaling.media.publish(room, ALICE, MediaTier.OFFER);
        await().atMost(Duration.ofSeconds(5)).until(() -> signaling.delivered(candidateOf(ALICE)));
        return room;
    }
}
