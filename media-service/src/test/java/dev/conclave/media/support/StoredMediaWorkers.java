package dev.conclave.media.support;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.endpoint.ParticipantId;
import dev.conclave.media.endpoint.RoomId;
import dev.conclave.media.ice.EndpointIceSettings;
import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.MediaWorkerRejectedException;
import dev.conclave.media.worker.WorkerId;
import dev.conclave.media.worker.WorkerStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fake workers at our own {@link MediaWorkerConnector} port whose pipelines and endpoints live in PostgreSQL (schema
 * {@code fake_kms}), outside the media-service process: they outlive it as a media server's pipelines outlive a
 * killed media-service, and the test reads what was made, released and listened to again. Every row names the
 * process (pid) that made it. Answers, candidates and refusals are those of {@link FakeMediaWorkerClient}.
 */
public final class StoredMediaWorkers implements MediaWorkerConnector {

    private final JdbcTemplate jdbc;
    private final Duration firstProbeDelay;

    /**
     * @param firstProbeDelay how long each worker takes to answer its first probe from this process (a media server
     *                        busy at the moment media-service starts)
     */
    public StoredMediaWorkers(DataSource dataSource, Duration firstProbeDelay) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.firstProbeDelay = firstProbeDelay;
    }

    /** Makes the tables (empty) in the database behind {@code jdbc}. */
    public static void createTables(JdbcTemplate jdbc) {
        jdbc.execute("DROP SCHEMA IF EXISTS fake_kms CASCADE");
        jdbc.execute("CREATE SCHEMA fake_kms");
        jdbc.execute("CREATE TABLE fake_kms.pipeline (id text PRIMARY KEY, worker text NOT NULL, room text NOT NULL,"
                + " made_by bigint NOT NULL, released_by bigint)");
        jdbc.execute("CREATE TABLE fake_kms.endpoint (id text PRIMARY KEY, pipeline text NOT NULL, worker text NOT NULL,"
                + " endpoint_key text NOT NULL, room text NOT NULL, participant text NOT NULL, publisher text NOT NULL,"
                + " made_by bigint NOT NULL, released_by bigint)");
        jdbc.execute("CREATE TABLE fake_kms.watch (endpoint text NOT NULL, by_pid bigint NOT NULL)");
    }

    @Override
    public MediaWorkerClient connect(WorkerId worker, URI url, MediaWorkerListener listener) {
        return new Client(worker, listener);
    }

    private final class Client implements MediaWorkerClient {

        private final WorkerId worker;
        private final MediaWorkerListener listener;
        private final long pid = ProcessHandle.current().pid();
        private final AtomicBoolean probed = new AtomicBoolean();

        Client(WorkerId worker, MediaWorkerListener listener) {
            this.worker = worker;
            this.listener = listener;
        }

        @Override
        public WorkerId worker() {
            return worker;
        }

        @Override
        public WorkerStatus probe() {
            if (!probed.getAndSet(true)) {
                try {
                    Thread.sleep(firstProbeDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer pipelines = jdbc.queryForObject("SELECT count(*) FROM fake_kms.pipeline WHERE worker = ?"
                    + " AND released_by IS NULL", Integer.class, worker.value());
            return new WorkerStatus("fake-7.2.0", pipelines == null ? 0 : pipelines, 1.5);
        }

        @Override
        public String createPipeline(String roomId) {
            String id = worker + "-pipeline-" + UUID.randomUUID();
            jdbc.update("INSERT INTO fake_kms.pipeline (id, worker, room, made_by) VALUES (?, ?, ?, ?)", id,
                    worker.value(), roomId, pid);
            return id;
        }

        @Override
        public boolean pipelineExists(String pipelineId) {
            return live("pipeline", pipelineId);
        }

        @Override
        public String createEndpoint(String pipelineId, EndpointKey key, EndpointIceSettings ice) {
            if (!live("pipeline", pipelineId)) {
                throw new MediaWorkerRejectedException("no pipeline " + pipelineId, null);
            }
            String id = pipelineId + "/endpoint-" + UUID.randomUUID();
            jdbc.update("INSERT INTO fake_kms.endpoint (id, pipeline, worker, endpoint_key, room, participant,"
                    + " publisher, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, pipelineId, worker.value(),
                    key.toString(), key.room().value(), key.participant().value(),
                    key.isPublisher() ? "" : key.publisher().value(), pid);
            return id;
        }

        @Override
        public void watchEndpoint(String endpointId, EndpointKey key) {
            endpoint(endpointId);
            jdbc.update("INSERT INTO fake_kms.watch (endpoint, by_pid) VALUES (?, ?)", endpointId, pid);
        }

        @Override
        public String processOffer(String endpointId, String sdpOffer) {
            EndpointKey key = endpointKey(endpointId);
            if (!sdpOffer.contains("a=fake-offer")) {
                throw new MediaWorkerRejectedException("SDP offer does not parse", null);
            }
            listener.iceCandidateFound(key, new IceCandidate("candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host",
                    "0", 0));
            return "v=0\r\na=fake-answer:" + endpointId + "\r\n";
        }

        @Override
        public void addIceCandidate(String endpointId, IceCandidate candidate) {
            endpoint(endpointId);
        }

        @Override
        public void connect(String sourceEndpointId, String sinkEndpointId) {
            endpoint(sourceEndpointId);
            endpoint(sinkEndpointId);
        }

        @Override
        public void release(String objectId) {
            jdbc.update("UPDATE fake_kms.pipeline SET released_by = ? WHERE id = ? AND released_by IS NULL", pid,
                    objectId);
            jdbc.update("UPDATE fake_kms.endpoint SET released_by = ? WHERE (id = ? OR pipeline = ?)"
                    + " AND released_by IS NULL", pid, objectId, objectId);
        }

        @Override
        public void close() {
        }

        private boolean live(String table, String id) {
            Integer found = jdbc.queryForObject("SELECT count(*) FROM fake_kms." + table
                    + " WHERE id = ? AND released_by IS NULL", Integer.class, id);
            return found != null && found > 0;
        }

        private void endpoint(String endpointId) {
            endpointKey(endpointId);
        }

        private EndpointKey endpointKey(String endpointId) {
            List<EndpointKey> keys = jdbc.query("SELECT room, participant, publisher FROM fake_kms.endpoint"
                    + " WHERE id = ? AND released_by IS NULL", (row, n) -> new EndpointKey(
                    new RoomId(row.getString("room")), new ParticipantId(row.getString("participant")),
                    row.getString("publisher").isEmpty() ? null : new ParticipantId(row.getString("publisher"))),
                    endpointId);
            if (keys.isEmpty()) {
                throw new MediaWorkerRejectedException("no endpoint " + endpointId, null);
            }
            return keys.get(0);
        }
    }
}
