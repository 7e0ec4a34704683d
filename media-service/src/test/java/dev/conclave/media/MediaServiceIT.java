package dev.conclave.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conclave.media.support.MediaTier;
import dev.conclave.proto.media.v1.AddIceCandidateRequest;
import dev.conclave.proto.media.v1.AllocateRoomRequest;
import dev.conclave.proto.media.v1.EndpointKey;
import dev.conclave.proto.media.v1.EndpointRequest;
import dev.conclave.proto.media.v1.IceCandidate;
import dev.conclave.proto.media.v1.ListPublishersRequest;
import dev.conclave.proto.media.v1.MediaAllocationGrpc;
import dev.conclave.proto.media.v1.MediaEvent;
import dev.conclave.proto.media.v1.PublishRequest;
import dev.conclave.proto.media.v1.ReleaseParticipantRequest;
import dev.conclave.proto.media.v1.ReleaseRoomRequest;
import dev.conclave.proto.media.v1.RoomAllocation;
import dev.conclave.proto.media.v1.SdpAnswer;
import dev.conclave.proto.media.v1.StreamEventsRequest;
import dev.conclave.proto.media.v1.SubscribeRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * media-service started for real (a real PostgreSQL, the gRPC server on a loopback port, the ops API over HTTP) on
 * fake workers at the worker-client port; its contract exercised by a real gRPC client.
 */
@DisplayName("media-service over gRPC and REST")
class MediaServiceIT extends RunningMediaService {

    static ManagedChannel channel;
    static MediaAllocationGrpc.MediaAllocationBlockingStub media;
    static final List<MediaEvent> events = new CopyOnWriteArrayList<>();
    String room;

    /** Once per class (the context, with its ports, exists only once the first test instance is made). */
    @BeforeEach
    void connect() {
        if (channel != null) {
            return;
        }
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort.port()).usePlaintext().build();
        media = MediaAllocationGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        MediaAllocationGrpc.newStub(channel).streamEvents(StreamEventsRequest.newBuilder().setNodeId("it").build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(MediaEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/api/v1/media/workers").json()
                .findValuesAsString("state").stream().allMatch("UP"::equals));
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newRoom() {
        room = "room-" + UUID.randomUUID().toString().substring(0, 8);
        events.clear();
    }

    SdpAnswer publish(String participant) {
        return media.publish(PublishRequest.newBuilder().setRoomId(room).setParticipantId(participant)
                .setSdpOffer(MediaTier.OFFER).build());
    }

    EndpointKey key(String participant, String publisher) {
        return EndpointKey.newBuilder().setRoomId(room).setParticipantId(participant).setPublisherId(publisher).build();
    }

    static void assertStatus(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    @Nested
    @DisplayName("negotiating media")
    class Negotiating {

        @Test
        @DisplayName("allocating is idempotent and names the worker")
        void allocate() {
            RoomAllocation first = media.allocateRoom(AllocateRoomRequest.newBuilder().setRoomId(room).build());
            RoomAllocation again = media.allocateRoom(AllocateRoomRequest.newBuilder().setRoomId(room).build());
            assertThat(first.getCreated()).isTrue();
            assertThat(again.getCreated()).isFalse();
            assertThat(again.getWorkerId()).isEqualTo(first.getWorkerId()).isIn("kms-a", "kms-b");
        }

        @Test
        @DisplayName("publish and subscribe answer the offers, stream the media server's candidates, and are stored")
        void publishSubscribe() {
            SdpAnswer answer = publish("alice");
            assertThat(answer.getSdpAnswer()).contains("a=fake-answer");
            publish("bob");
            SdpAnswer subscribed = media.subscribe(SubscribeRequest.newBuilder().setRoomId(room)
                    .setParticipantId("bob").setPublisherId("alice").setSdpOffer(MediaTier.OFFER).build());
            assertThat(subscribed.getWorkerId()).isEqualTo(answer.getWorkerId());
            media.addIceCandidate(AddIceCandidateRequest.newBuilder().setEndpoint(key("bob", "alice"))
                    .setCandidate(IceCandidate.newBuilder().setCandidate("candidate:1 1 UDP 1 10.0.0.9 4000 typ host")
                            .setSdpMid("0")).build());

            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                    .filter(MediaEvent::hasIceCandidateFound).count() == 3);
            assertThat(events).filteredOn(MediaEvent::hasIceCandidateFound)
                    .extracting(event -> event.getIceCandidateFound().getEndpoint())
                    .containsExactly(key("alice", ""), key("bob", ""), key("bob", "alice"));
            assertThat(jdbc.queryForObject("SELECT worker_id FROM media.media_room WHERE room_id = ?", String.class,
                    room)).isEqualTo(answer.getWorkerId());
            assertThat(jdbc.queryForList("SELECT publisher_id FROM media.media_endpoint WHERE room_id = ?"
                    + " ORDER BY publisher_id", String.class, room)).containsExactly("", "", "alice");

            assertThat(media.listPublishers(ListPublishersRequest.newBuilder().setRoomId(room).build())
                    .getParticipantIdsList()).containsExactly("alice", "bob");
            assertThat(media.releaseParticipant(ReleaseParticipantRequest.newBuilder().setRoomId(room)
                    .setParticipantId("alice").build()).getCount()).isEqualTo(2);
            assertThat(media.releaseRoom(ReleaseRoomRequest.newBuilder().setRoomId(room).build()).getCount())
                    .isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM media.media_room WHERE room_id = ?", Integer.class,
                    room)).isZero();
        }
    }

    @Nested
    @DisplayName("refuses bad requests with a clear status")
    class BadRequests {

        @Test
        @DisplayName("an SDP that is not an offer, or that the media server cannot parse")
        void badSdp() {
            assertStatus(() -> media.publish(PublishRequest.newBuilder().setRoomId(room).setParticipantId("alice")
                    .setSdpOffer("hello").build()), Status.Code.INVALID_ARGUMENT, "not an SDP offer");
            assertStatus(() -> media.publish(PublishRequest.newBuilder().setRoomId(room).setParticipantId("alice")
                            .setSdpOffer("v=0\r\nm=audio 9 RTP/AVP 0\r\n").build()), Status.Code.INVALID_ARGUMENT,
                    "refused the SDP offer");
        }

        @Test
        @DisplayName("ids that are not ids")
        void badIds() {
            assertStatus(() -> media.allocateRoom(AllocateRoomRequest.newBuilder().setRoomId("no spaces").build()),
                    Status.Code.INVALID_ARGUMENT, "room_id");
            assertStatus(() -> media.unsubscribe(EndpointRequest.newBuilder().setEndpoint(key("bob", "")).build()),
                    Status.Code.INVALID_ARGUMENT, "publisher_id");
        }

        @Test
        @DisplayName("subscribing to oneself, to someone not publishing, or a candidate for no endpoint")
        void wrongTargets() {
            publish("alice");
            assertStatus(() -> media.subscribe(SubscribeRequest.newBuilder().setRoomId(room).setParticipantId("alice")
                    .setPublisherId("alice").setSdpOffer(MediaTier.OFFER).build()), Status.Code.FAILED_PRECONDITION,
                    "itself");
            assertStatus(() -> media.subscribe(SubscribeRequest.newBuilder().setRoomId(room).setParticipantId("alice")
                    .setPublisherId("carol").setSdpOffer(MediaTier.OFFER).build()), Status.Code.NOT_FOUND,
                    "not publishing");
            assertStatus(() -> media.addIceCandidate(AddIceCandidateRequest.newBuilder().setEndpoint(key("carol", ""))
                    .setCandidate(IceCandidate.newBuilder().setCandidate("candidate:1 1 UDP 1 10.0.0.9 4000 typ host"))
                    .build()), Status.Code.NOT_FOUND, "no endpoint");
            assertStatus(() -> publish("alice"), Status.Code.FAILED_PRECONDITION, "publishing already");
        }
    }

    @Nested
    @DisplayName("operating the workers")
    class Operating {

        @Test
        @DisplayName("a drained worker takes no new rooms; moving its rooms tells them to renegotiate")
        void drain() {
            String worker = publish("alice").getWorkerId();
            String other = worker.equals("kms-a") ? "kms-b" : "kms-a";
            var drained = api().put("/api/v1/media/workers/" + worker + "/drain",
                    "{\"draining\": true, \"moveRooms\": true}").expect(200);
            assertThat(drained.get("worker").get("draining").asBoolean()).isTrue();
            assertThat(drained.get("roomsMoved").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(event ->
                    event.hasRenegotiationNeeded() && event.getRenegotiationNeeded().getRoomId().equals(room)));
            assertThat(events).filteredOn(MediaEvent::hasRenegotiationNeeded)
                    .extracting(event -> event.getRenegotiationNeeded().getWorkerId()).containsExactly(other);
            try {
                room = room + "-2";
                assertThat(publish("alice").getWorkerId()).isEqualTo(other);
            } finally {
                api().put("/api/v1/media/workers/" + worker + "/drain", "{\"draining\": false}").expect(200);
            }
        }

        @Test
        @DisplayName("bad ops requests get problem documents")
        void problems() {
            api().get("/api/v1/media/workers/kms-zzz").problem(404, "worker-not-found");
            api().put("/api/v1/media/workers/kms-a/drain", "{}").problem(400, "invalid-request");
            api().put("/api/v1/media/workers/kms-a/drain", "{\"draining\": false, \"moveRooms\": true}")
                    .problem(400, "invalid-request");
        }

        @Test
        @DisplayName("a dead worker's rooms move and renegotiate; it shows as DOWN; health and metrics say so")
        void failover() {
            String worker = publish("alice").getWorkerId();
            String other = worker.equals("kms-a") ? "kms-b" : "kms-a";
            WORKERS.kill(worker);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(event ->
                        event.hasRenegotiationNeeded() && event.getRenegotiationNeeded().getRoomId().equals(room)));
                assertThat(events).filteredOn(MediaEvent::hasWorkerLost)
                        .extracting(event -> event.getWorkerLost().getWorkerId()).containsExactly(worker);
                assertThat(jdbc.queryForObject("SELECT worker_id FROM media.media_room WHERE room_id = ?",
                        String.class, room)).isEqualTo(other);
                assertThat(api().get("/api/v1/media/workers/" + worker).expect(200).get("state").asString())
                        .isEqualTo("DOWN");
                String metrics = api().get("/actuator/prometheus").raw().body();
                assertThat(metrics).contains("conclave_media_worker_up{service=\"media-service\",worker=\""
                        + worker + "\"} 0");
                assertThat(metrics).contains("resilience4j_circuitbreaker_state");
                publish("bob");
            } finally {
                WORKERS.revive(worker);
                await().atMost(Duration.ofSeconds(5)).until(() -> api().get("/api/v1/media/workers/" + worker)
                        .json().get("state").asString().equals("UP"));
            }
        }
    }
}
