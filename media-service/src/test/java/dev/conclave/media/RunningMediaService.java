package dev.conclave.media;

import dev.conclave.media.grpc.MediaGrpcServer;
import dev.conclave.media.support.FakeMediaWorkers;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.UsesPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * media-service started for real — a real PostgreSQL, its gRPC server on a loopback port, its ops API over HTTP —
 * with two fake workers (kms-a, kms-b) at the worker-connector port, which tests can kill and revive. One context,
 * shared by every test class extending this.
 */
@UsesPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "conclave.media.connector=fake",
        "conclave.media.grpc.port=0",
        "conclave.media.grpc.address=127.0.0.1",
        "conclave.media.workers[0].id=kms-a",
        "conclave.media.workers[0].url=ws://127.0.0.1:1/kurento",
        "conclave.media.workers[1].id=kms-b",
        "conclave.media.workers[1].url=ws://127.0.0.1:2/kurento",
        "conclave.media.probe-interval=PT0.2S",
        "conclave.media.probe-timeout=PT0.3S",
        "conclave.media.call-timeout=PT0.5S",
        // small, so MediaEventGapIT can outrun it
        "conclave.media.events.replay-events=64",
})
@Import(RunningMediaService.FakeWorkers.class)
abstract class RunningMediaService {

    static final FakeMediaWorkers WORKERS = new FakeMediaWorkers();

    @TestConfiguration
    static class FakeWorkers {
        @Bean
        FakeMediaWorkers mediaWorkerConnector() {
            return WORKERS;
        }
    }

    @Autowired
    MediaGrpcServer grpcPort;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int httpPort;

    ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + httpPort, null);
    }
}
