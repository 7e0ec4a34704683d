package dev.conclave.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.testing.RpcTestClient;
import dev.conclave.testing.faults.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Joins into an SFU room ask media-service for the room's publishers. Here media-service takes the connection and
 * never answers (a hung process, a black-holed network: a FaultProxy), and the web server has only four threads: joins must wait
 * for the media tier off those threads, so every other client is still served meanwhile.
 */
@TestPropertySource(properties = {
        // the joiners wait for their answers without pinging
        "conclave.signaling.rpc.ping-interval=PT10S",
        "server.tomcat.threads.max=4",
        "server.tomcat.threads.min-spare=1",
        "conclave.signaling.media.call-timeout=PT3S",
})
@DisplayName("joins into an SFU room while media-service does not answer")
class StalledMediaJoinsIT extends SignalingIT {

    /** A listener that never reads or answers, behind a proxy that takes connections and drops all they send. */
    private static final ServerSocket SILENT = silentListener();
    private static final FaultProxy MEDIA_SERVICE = blackHole();

    @DynamicPropertySource
    static void mediaTier(DynamicPropertyRegistry registry) {
        registry.add("conclave.signaling.media.target", MEDIA_SERVICE::hostPort);
    }

    @AfterAll
    static void closeListener() throws IOException {
        MEDIA_SERVICE.close();
        SILENT.close();
    }

    @Test
    @DisplayName("hold no web-server thread: a ping elsewhere is answered at once, a join's next request waits its "
            + "turn, and each join completes with no publishers listed")
    void joinsWaitOffTheWebServerThreads() {
        Joined watcher = joinAs(openRoom(), "Watcher");
        String room = openRoom();
        jdbc.update("UPDATE room SET topology = 'SFU' WHERE id = ?", room);

        long started = System.nanoTime();
        List<RpcTestClient> joiners = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RpcTestClient joiner = connect();
            joiner.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"joinRoom\",\"params\":{\"roomId\":\"" + room
                    + "\",\"token\":\"" + TOKENS.token(room, "user-joiner-" + i, "Joiner " + i) + "\"}}");
            // sent before the join's answer: handled after it, in order
            joiner.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sendMessage\",\"params\":{\"text\":\"hi\"}}");
            joiners.add(joiner);
        }

        watcher.client().result("ping", null);
        RpcTestClient newcomer = connect();
        newcomer.result("ping", null);
        Duration served = Duration.ofNanos(System.nanoTime() - started);
        assertThat(served).as("ten sockets opened, eight joins sent and two pings answered, while the joins wait on "
                + "media-service").isLessThan(Duration.ofMillis(1500));

        for (RpcTestClient joiner : joiners) {
            JsonNode joined = joiner.nextResponse();
            assertThat(joined.has("error")).as("%s", joined).isFalse();
            assertThat(joined.get("id").asInt()).isEqualTo(1);
            assertThat(joined.get("result").get("topology").asString()).isEqualTo("SFU");
            assertThat(joined.get("result").get("publishers").isEmpty()).isTrue();
            JsonNode sent = joiner.nextResponse();
            assertThat(sent.get("id").asInt()).isEqualTo(2);
            assertThat(sent.has("error")).as("%s", sent).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the joins waited on media-service")
                .isGreaterThan(Duration.ofSeconds(2));
    }

    private static FaultProxy blackHole() {
        FaultProxy proxy = FaultProxy.start("media-service", SILENT.getLocalPort());
        proxy.blackHole();
        return proxy;
    }

    private static ServerSocket silentListener() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
