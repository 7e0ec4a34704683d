package dev.conclave.bench.scenario;

import dev.conclave.bench.platform.PlatformApi.Seat;
import dev.conclave.bench.report.Latency;
import dev.conclave.bench.report.Measurement;
import dev.conclave.bench.worker.Histograms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 2: K clients join rooms of {@value #ROOM_SIZE} at the same moment; each join is timed from the start of
 * its TCP connect to its {@code joinRoom} response.
 */
final class JoinStorm {

    static final String NAME = "join storm";
    private static final int ROOM_SIZE = 5;

    private JoinStorm() {
    }

    static Measurement run(BenchRun run, int clients, boolean throughGateway) throws Exception {
        String path = throughGateway ? "gateway" : "direct";
        run.say("Join storm: %,d clients at once, %s", clients, path);
        String prefix = BenchRun.caseName("storm-" + clients + "-" + path) + "-";
        List<String> rooms = new ArrayList<>();
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            if (i % ROOM_SIZE == 0) {
                rooms.add(prefix + rooms.size());
            }
            seats.add(new Seat(rooms.get(rooms.size() - 1), prefix + "user-" + i, true));
        }
        run.api().createRooms(rooms, ROOM_SIZE);
        Path tokens = run.tokens(prefix + "joins", seats);
        Measurement measurement = Measurement.of(NAME, clients + " clients, " + path)
                .put("clients", clients).put("path", path);
        {
            LoadProcesses load = run.load();
            long signalingCpu = run.signalingCpuNanos();
            long gatewayCpu = run.gatewayCpuNanos();
            long loadCpu = load.cpuNanos();
            long start = System.nanoTime();
            List<JsonNode> replies = load.join(run.platform().rpcUrl(throughGateway), tokens, 0, clients, ROOM_SIZE,
                    0, true);
            long wall = System.nanoTime() - start;
            Histogram latency = Histograms.micros();
            int joined = 0;
            int errors = 0;
            List<String> samples = new ArrayList<>();
            for (JsonNode reply : replies) {
                latency.add(Histograms.decode(reply.get("latency").asString()));
                joined += reply.get("joined").asInt();
                errors += reply.get("errors").asInt();
                reply.get("errorSamples").forEach(sample -> samples.add(sample.asString()));
            }
            Latency.put(measurement, "join ", latency)
                    .put("errors", errors)
                    .put("joined", joined)
                    .put("all joined in ms", Latency.round(wall / 1e6, 1))
                    .put("signaling CPU ms", (run.signalingCpuNanos() - signalingCpu) / 1_000_000)
                    .put("gateway CPU ms", (run.gatewayCpuNanos() - gatewayCpu) / 1_000_000)
                    .put("load generator CPU ms", (load.cpuNanos() - loadCpu) / 1_000_000);
            if (!samples.isEmpty()) {
                measurement.put("error samples", String.join(" | ", samples));
            }
            run.say("  %s", measurement.figures());
            load.closeSessions();
        }
        run.settle();
        return measurement;
    }
}
