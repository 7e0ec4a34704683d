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
 * Scenario 4: R rooms of 2–6 members holding mesh calls: every member relays an offer-sized SDP or an ICE candidate
 * to a random peer every {@value #RELAY_EVERY_MILLIS} ms and chats every {@value #CHAT_EVERY_MILLIS} ms.
 */
final class ManyRooms {

    static final String NAME = "many rooms";
    private static final long RELAY_EVERY_MILLIS = 2_000;
    private static final long CHAT_EVERY_MILLIS = 10_000;

    private ManyRooms() {
    }

    static Measurement run(BenchRun run, int roomCount, int seconds) throws Exception {
        run.say("Many rooms: %,d mesh rooms of 2-6 members for %d s", roomCount, seconds);
        String name = BenchRun.caseName("mesh");
        List<String> rooms = new ArrayList<>();
        List<Seat> seats = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            String room = name + "-" + r;
            rooms.add(room);
            for (int m = 0; m < 2 + r % 5; m++) {
                seats.add(new Seat(room, room + "-user-" + m, true));
            }
        }
        run.api().createRooms(rooms, 6);
        Path tokens = run.tokens(name, seats);
        if (seats.size() > LoadProcesses.PER_PROCESS) {
            throw new IllegalArgumentException("at most " + LoadProcesses.PER_PROCESS + " members: one load process");
        }
        Measurement measurement = Measurement.of(NAME, String.format("%,d rooms, %,d members", roomCount, seats.size()))
                .put("rooms", roomCount).put("members", seats.size());
        {
            LoadProcesses load = run.load();
            // every member in the first load process: a room's members must be in one process to know each other
            load.get(0).send(LoadProcess.command("join").put("url", run.platform().rpcUrl(false))
                    .put("tokens", tokens.toString()).put("from", 0).put("count", seats.size())
                    .put("concurrency", 200).put("asPage", true));
            JsonNode joined = load.get(0).reply();
            if (joined.get("joined").asInt() != seats.size()) {
                throw new IllegalStateException("only " + joined.get("joined") + " joined: " + joined.get("errorSamples"));
            }
            BenchRun.pause(2_000);
            long signalingCpu = run.signalingCpuNanos();
            long loadCpu = load.cpuNanos();
            load.get(0).send(LoadProcess.command("mesh").put("durationMillis", seconds * 1000L)
                    .put("relayEveryMillis", RELAY_EVERY_MILLIS).put("chatEveryMillis", CHAT_EVERY_MILLIS));
            JsonNode reply = load.get(0).reply();
            double elapsed = seconds + 2.0;
            Histogram relay = Histograms.decode(reply.get("relayLatency").asString());
            Histogram chat = Histograms.decode(reply.get("chatLatency").asString());
            long requests = reply.get("relaysSent").asLong() + reply.get("chatsSent").asLong();
            long delivered = reply.get("relaysReceived").asLong() + reply.get("chatDeliveries").asLong();
            Latency.put(measurement, "relay ", relay);
            Latency.put(measurement, "chat ", chat);
            measurement.put("requests/s", Math.round(requests / (double) seconds))
                    .put("notifications/s", Math.round(delivered / (double) seconds))
                    .put("relays sent", reply.get("relaysSent").asLong())
                    .put("relays received", reply.get("relaysReceived").asLong())
                    .put("errors", reply.get("errors").asLong())
                    .put("signaling CPU % of a core", Latency.round((run.signalingCpuNanos() - signalingCpu) / 1e7 / elapsed, 1))
                    .put("load generator CPU % of a core", Latency.round((load.cpuNanos() - loadCpu) / 1e7 / elapsed, 1));
            run.say("  %s", measurement.figures());
            load.closeSessions();
        }
        run.settle();
        return measurement;
    }
}
