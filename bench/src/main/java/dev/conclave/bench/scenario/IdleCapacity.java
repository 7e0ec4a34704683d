package dev.conclave.bench.scenario;

import dev.conclave.bench.client.RpcSession;
import dev.conclave.bench.platform.PlatformApi.Seat;
import dev.conclave.bench.platform.ProcessMeter;
import dev.conclave.bench.report.Latency;
import dev.conclave.bench.report.Measurement;
import dev.conclave.local.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 1: N joined sessions (rooms of {@value #ROOM_SIZE}) sit on one signaling node, kept alive as the page keeps itself (the
 * server pings, the client answers, and checks the server only when it has been quiet for six ping intervals).
 * Live heap (after a full collection) and resident memory are measured before and after; the difference per session
 * is what a session costs, from which the memory for 50,000 sessions follows.
 */
final class IdleCapacity {

    static final String NAME = "idle capacity";
    private static final int ROOM_SIZE = 10;
    private static final int PROJECTED_SESSIONS = 50_000;
    private static final int LARGEST_CLASSES = 8;

    private IdleCapacity() {
    }

    static Measurement run(BenchRun run, int sessions, int idleSeconds) throws Exception {
        run.say("Idle capacity: %,d joined sessions on one signaling node", sessions);
        String name = BenchRun.caseName("idle");
        List<String> rooms = new ArrayList<>();
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            if (i % ROOM_SIZE == 0) {
                rooms.add(name + "-" + rooms.size());
            }
            seats.add(new Seat(rooms.get(rooms.size() - 1), name + "-user-" + i, true));
        }
        run.api().createRooms(rooms, ROOM_SIZE);
        Path tokens = run.tokens(name, seats);
        long pid = run.platform().pid(Service.SIGNALING);
        int port = run.platform().port(Service.SIGNALING);
        long heapBefore = ProcessMeter.liveHeapBytes(pid, port);
        long rssBefore = ProcessMeter.rssBytes(pid);
        Map<String, Long> classesBefore = ProcessMeter.classHistogram(pid);
        Measurement measurement = Measurement.of(NAME, String.format("%,d sessions", sessions));
        {
            LoadProcesses load = run.load();
            int joined = 0;
            int errors = 0;
            long pingIntervalMillis = 0;
            for (JsonNode reply : load.join(run.platform().rpcUrl(false), tokens, 0, sessions, ROOM_SIZE, 200, true)) {
                joined += reply.get("joined").asInt();
                errors += reply.get("errors").asInt();
                pingIntervalMillis = Math.max(pingIntervalMillis, reply.get("pingIntervalMs").asLong());
            }
            BenchRun.pause(5_000);
            long signalingCpu = run.signalingCpuNanos();
            long loadCpu = load.cpuNanos();
            long start = System.nanoTime();
            BenchRun.pause(idleSeconds * 1000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            double serverCores = (run.signalingCpuNanos() - signalingCpu) / 1e9 / seconds;
            double loadCores = (load.cpuNanos() - loadCpu) / 1e9 / seconds;
            long heapAfter = ProcessMeter.liveHeapBytes(pid, port);
            long rssAfter = ProcessMeter.rssBytes(pid);
            double heapPerSession = (heapAfter - heapBefore) / (double) Math.max(1, joined);
            double rssPerSession = (rssAfter - rssBefore) / (double) Math.max(1, joined);
            measurement.put("sessions", joined).put("errors", errors)
                    .put("live heap before MiB", mib(heapBefore)).put("live heap after MiB", mib(heapAfter))
                    .put("heap KiB per session", Latency.round(heapPerSession / 1024, 2))
                    .put("RSS before MiB", mib(rssBefore)).put("RSS after MiB", mib(rssAfter))
                    .put("RSS KiB per session", Latency.round(rssPerSession / 1024, 2))
                    .put("server ping interval s", pingIntervalMillis / 1000.0)
                    .put("client check after quiet s", pingIntervalMillis * RpcSession.SERVER_CHECK_INTERVALS / 1000.0)
                    .put("idle CPU % of a core", Latency.round(serverCores * 100, 1))
                    .put("idle CPU for 50,000 sessions, cores", Latency.round(serverCores * PROJECTED_SESSIONS
                            / Math.max(1, joined), 2))
                    .put("load generator CPU % of a core", Latency.round(loadCores * 100, 1))
                    .put("heap for 50,000 sessions MiB", mib(heapBefore + (long) (heapPerSession * PROJECTED_SESSIONS)))
                    .put("RSS for 50,000 sessions MiB", mib(rssBefore + (long) (rssPerSession * PROJECTED_SESSIONS)));
            measurement.put("heap per session, largest classes",
                    largestPerSession(classesBefore, ProcessMeter.classHistogram(pid), joined));
            load.closeSessions();
            run.settle();
            // the same node a moment later without the sessions: what they held, free of what earlier cases left
            long heapClosed = ProcessMeter.liveHeapBytes(pid, port);
            measurement.put("live heap after closing MiB", mib(heapClosed))
                    .put("heap KiB per session (with − after closing)",
                            Latency.round((heapAfter - heapClosed) / (double) Math.max(1, joined) / 1024, 2));
            run.say("  %s", measurement.figures());
        }
        return measurement;
    }

    /** The classes that grew most with the sessions, as bytes per session: where a session's heap goes. */
    static String largestPerSession(Map<String, Long> before, Map<String, Long> after, int sessions) {
        return after.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(LARGEST_CLASSES)
                .map(entry -> String.format(Locale.ROOT, "%s %.0f B", entry.getKey(),
                        entry.getValue() / (double) Math.max(1, sessions)))
                .collect(Collectors.joining(" · "));
    }

    private static double mib(long bytes) {
        return Latency.round(bytes / 1024.0 / 1024.0, 1);
    }
}
