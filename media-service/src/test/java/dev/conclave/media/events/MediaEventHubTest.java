package dev.conclave.media.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.events.MediaEventHub.Logged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the media event hub's log")
class MediaEventHubTest {

    private static final RoomId ROOM = new RoomId("r1");
    private static final RoomId OTHER = new RoomId("r2");

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MediaEventHub hub = new MediaEventHub(meters, new MediaEventProperties(5, Duration.ofSeconds(60)),
            clock);

    private void candidates(RoomId room, int count) {
        for (int i = 0; i < count; i++) {
            hub.iceCandidateFound(EndpointKey.publisher(room, new ParticipantId("p" + i)),
                    new IceCandidate("candidate:" + i, "0", 0));
        }
    }

    private List<Logged> resumed(String log, long after) {
        List<Logged> got = new CopyOnWriteArrayList<>();
        hub.resume(log, after, got::add);
        return got;
    }

    @Nested
    @DisplayName("numbers every event")
    class Numbering {

        @Test
        @DisplayName("one more each time, in one log per process, the same on every stream")
        void sequence() {
            List<Logged> one = resumed("", 0);
            List<Logged> two = resumed("", 0);
            candidates(ROOM, 3);

            assertThat(one).extracting(Logged::sequence).containsExactly(1L, 2L, 3L);
            assertThat(two).isEqualTo(one);
            assertThat(one).extracting(Logged::logId).containsOnly(hub.logId());
            assertThat(new MediaEventHub(new SimpleMeterRegistry()).logId()).isNotEqualTo(hub.logId());
        }

        @Test
        @DisplayName("but not an endpoint's state, which no signaling node needs: that is counted, by state")
        void endpointStates() {
            List<Logged> stream = resumed("", 0);
            EndpointKey endpoint = EndpointKey.publisher(ROOM, new ParticipantId("p1"));

            hub.endpointStateChanged(endpoint, "ICE_CONNECTED");
            hub.endpointStateChanged(endpoint, "ICE_FAILED");
            hub.endpointStateChanged(endpoint, "ICE_FAILED");

            assertThat(stream).isEmpty();
            assertThat(meters.counter("conclave.media.endpoint.states", "state", "ICE_FAILED").count()).isEqualTo(2);
            assertThat(meters.counter("conclave.media.endpoint.states", "state", "ICE_CONNECTED").count()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("when a stream resumes")
    class Resuming {

        @Test
        @DisplayName("sends what was missed since the sequence it names, in order, then the live events")
        void replays() {
            candidates(ROOM, 4);
            List<Logged> got = resumed(hub.logId(), 2);
            candidates(ROOM, 1);

            assertThat(got).extracting(Logged::sequence).containsExactly(3L, 4L, 5L);
            assertThat(got).noneMatch(logged -> logged.event() instanceof MediaEvent.EventsMissed);
        }

        @Test
        @DisplayName("past more events than are kept, says which rooms the lost ones concerned, then sends those kept")
        void tooMany() {
            candidates(OTHER, 2);
            candidates(ROOM, 6);
            List<Logged> got = resumed(hub.logId(), 1);

            assertThat(got.get(0).event()).isEqualTo(new MediaEvent.EventsMissed(1, 3, List.of(OTHER, ROOM),
                    false));
            assertThat(got.get(0).sequence()).isEqualTo(3);
            assertThat(got.subList(1, got.size())).extracting(Logged::sequence).containsExactly(4L, 5L, 6L, 7L, 8L);
        }

        @Test
        @DisplayName("past the time events are kept, says so too")
        void tooOld() {
            candidates(ROOM, 2);
            clock.advance(Duration.ofSeconds(61));
            candidates(OTHER, 1);
            List<Logged> got = resumed(hub.logId(), 0);

            assertThat(got.get(0).event()).isEqualTo(new MediaEvent.EventsMissed(0, 2, List.of(ROOM), false));
            assertThat(got.subList(1, got.size())).extracting(Logged::sequence).containsExactly(3L);
        }

        @Test
        @DisplayName("from another log (media-service restarted), gets all of this one, if all is kept")
        void anotherLog() {
            candidates(ROOM, 2);

            assertThat(resumed("a-log-gone", 40)).extracting(Logged::sequence).containsExactly(1L, 2L);
        }

        @Test
        @DisplayName("having seen everything, gets the live events only")
        void upToDate() {
            candidates(ROOM, 2);
            List<Logged> got = resumed(hub.logId(), 2);
            candidates(ROOM, 1);

            assertThat(got).extracting(Logged::sequence).containsExactly(3L);
        }
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-12-07T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
