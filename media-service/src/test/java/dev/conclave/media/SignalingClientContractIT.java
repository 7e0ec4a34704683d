package dev.conclave.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conclave.media.support.MediaTier;
import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.error.ErrorCode;
import dev.conclave.signaling.event.IceCandidate;
import dev.conclave.signaling.grpc.GrpcMediaAllocationClient;
import dev.conclave.signaling.grpc.MediaEventStream;
import dev.conclave.signaling.media.MediaAllocationClient;
import dev.conclave.signaling.media.MediaEventSink;
import dev.conclave.signaling.participant.ParticipantId;
import dev.conclave.signaling.room.RoomId;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract between the two services over a real loopback gRPC channel: signaling-service's own client and event
 * stream against a running media-service (on fake workers), each failure arriving as the JSON-RPC error code a
 * browser would get.
 */
@DisplayName("signaling's media client against a running media-service")
class SignalingClientContractIT extends RunningMediaService {

    private static final ParticipantId ALICE = new ParticipantId("p_alice");
    private static final ParticipantId BOB = new ParticipantId("p_bob");

    private static final String NODE = "contract-node";

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private ManagedChannel channel;
    private MediaAllocationClient media;
    private MediaEventStream stream;
    private RoomId room;

    @BeforeEach
    void connect() {
        room = new RoomId("contract-" + UUID.randomUUID().toString().substring(0, 8));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort.port()).usePlaintext().build();
        media = new GrpcMediaAllocationClient(channel, Duration.ofSeconds(5),
                CircuitBreaker.of("media-service", GrpcMediaAllocationClient.breakerIgnoringRefusals(
                        CircuitBreakerConfig.ofDefaults())),
                Bulkhead.ofDefaults("media-service"), Retry.of("media-service",
                        GrpcMediaAllocationClient.retryOnFailures(RetryConfig.ofDefaults())), NODE);
        stream = new MediaEventStream(channel, new RecordingSink(delivered), NODE, Duration.ofMillis(200), retries);
        stream.start();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        stream.stop();
        retries.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("publish, subscribe and trickle ICE; the media server's candidates reach the endpoint's owner")
    void negotiation() {
        MediaAllocationClient.Answer published = media.publish(room, ALICE, MediaTier.OFFER);
        assertThat(published.sdpAnswer()).contains("a=fake-answer");
        assertThat(published.worker()).isIn("kms-a", "kms-b");
        media.publish(room, BOB, MediaTier.OFFER);
        MediaAllocationClient.Answer subscribed = media.subscribe(room, BOB, ALICE, MediaTier.OFFER);
        assertThat(subscribed.worker()).isEqualTo(published.worker());
        media.addIceCandidate(room, BOB, ALICE, new IceCandidate("candidate:1 1 UDP 1 10.0.0.9 4000 typ host", "0", 0));
        assertThat(media.publishers(room).participants()).containsExactly(ALICE, BOB);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() >= 3);
        assertThat(delivered).contains("ice " + room + " " + ALICE + " <- self", "ice " + room + " " + BOB + " <- self",
                "ice " + room + " " + BOB + " <- " + ALICE);

        media.unsubscribe(room, BOB, ALICE);
        media.releaseParticipant(room, ALICE);
        assertThat(media.publishers(room).participants()).containsExactly(BOB);
        media.releaseRoom(room);
        assertThat(media.publishers(room).participants()).isEmpty();
    }

    @Test
    @DisplayName("each node's stream gets the candidates of the endpoints it asked for, not another node's; every"
            + " node hears that a room moved")
    void eventsPerNode() throws InterruptedException {
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        MediaEventStream other = new MediaEventStream(channel, new RecordingSink(elsewhere), "other-node",
                Duration.ofMillis(200), retries);
        other.start();
        try {
            String worker = media.publish(room, ALICE, MediaTier.OFFER).worker();
            media.publish(room, BOB, MediaTier.OFFER);
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains("ice " + room + " " + BOB + " <- self"));
            api().put("/api/v1/media/workers/" + worker + "/drain", "{\"draining\": true, \"moveRooms\": true}")
                    .expect(200);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere.stream()
                        .anyMatch(line -> line.startsWith("renegotiate " + room + " ")));
                assertThat(elsewhere).as("what the other node got").noneMatch(line -> line.startsWith("ice "));
            } finally {
                api().put("/api/v1/media/workers/" + worker + "/drain", "{\"draining\": false}").expect(200);
            }
        } finally {
            other.stop();
        }
    }

    @Test
    @DisplayName("refusals arrive as the client's error codes, and do not open the breaker")
    void refusals() {
        media.publish(room, ALICE, MediaTier.OFFER);
        assertCode(() -> media.publish(room, ALICE, MediaTier.OFFER), ErrorCode.ALREADY_PUBLISHING);
        assertCode(() -> media.subscribe(room, BOB, new ParticipantId("p_nobody"), MediaTier.OFFER),
                ErrorCode.NOT_PUBLISHING);
        assertCode(() -> media.subscribe(room, ALICE, ALICE, MediaTier.OFFER), ErrorCode.CANNOT_SUBSCRIBE_TO_SELF);
        assertCode(() -> media.publish(room, BOB, "v=0\r\nm=audio 9 RTP/AVP 0\r\n"), ErrorCode.INVALID_SDP);
        assertCode(() -> media.addIceCandidate(room, BOB, null,
                new IceCandidate("candidate:1 1 UDP 1 10.0.0.9 4000 typ host", "0", 0)), ErrorCode.UNKNOWN_ENDPOINT);
        assertCode(() -> media.addIceCandidate(room, ALICE, null, new IceCandidate("a=nonsense", "0", 0)),
                ErrorCode.INVALID_PARAMS);
        media.publish(room, BOB, MediaTier.OFFER);
    }

    @Test
    @DisplayName("a dead worker: the room's participants are told to renegotiate on the other worker")
    void failover() {
        String worker = media.publish(room, ALICE, MediaTier.OFFER).worker();
        String other = worker.equals("kms-a") ? "kms-b" : "kms-a";
        WORKERS.kill(worker);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains(
                    "renegotiate " + room + " " + other + " WORKER_LOST"));
            assertThat(media.publish(room, ALICE, MediaTier.OFFER).worker()).isEqualTo(other);
        } finally {
            WORKERS.revive(worker);
            await().atMost(Duration.ofSeconds(5)).until(() -> api().get("/api/v1/media/workers/" + worker).json()
                    .get("state").asString().equals("UP"));
        }
    }

    @Test
    @DisplayName("no media-service answering: SFU_UNAVAILABLE within the deadline, then at once from the open breaker")
    void mediaServiceDown() throws InterruptedException {
        ManagedChannel nowhere = NettyChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
        CircuitBreaker breaker = CircuitBreaker.of("nowhere", GrpcMediaAllocationClient.breakerIgnoringRefusals(
                CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4).build()));
        MediaAllocationClient unreachable = new GrpcMediaAllocationClient(nowhere, Duration.ofSeconds(2), breaker,
                Bulkhead.ofDefaults("nowhere"), Retry.of("nowhere",
                GrpcMediaAllocationClient.retryOnFailures(RetryConfig.ofDefaults())), NODE);
        try {
            for (int i = 0; i < 4; i++) {
                assertCode(() -> unreachable.publish(room, ALICE, MediaTier.OFFER), ErrorCode.SFU_UNAVAILABLE);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            long started = System.nanoTime();
            assertThatThrownBy(() -> unreachable.publish(room, ALICE, MediaTier.OFFER))
                    .isInstanceOfSatisfying(ConclaveException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SFU_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("held off");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        } finally {
            nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ConclaveException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    /** What a node would deliver to its participants, as lines. */
    private record RecordingSink(List<String> delivered) implements MediaEventSink {

        @Override
        public void iceCandidate(RoomId inRoom, ParticipantId participant, ParticipantId publisher,
                                 IceCandidate candidate) {
            delivered.add("ice " + inRoom + " " + participant + " <- " + (publisher == null ? "self" : publisher));
        }

        @Override
        public void renegotiate(RoomId inRoom, String worker, String reason) {
            delivered.add("renegotiate " + inRoom + " " + worker + " " + reason);
        }
    }
}
