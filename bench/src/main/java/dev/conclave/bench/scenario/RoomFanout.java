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
 * Scenario 3: one room of M audience members (they watch and chat: no mesh or SFU signaling) and one member who
 * sends chat. Each message is timed until the last member has it; first at 1 message/s, then at rising rates until
 * delivery no longer keeps up (a message lost, or the slowest member more than {@value #SUSTAINED_P99_MILLIS} ms
 * behind at p99): the last rate that kept up is the highest sustained one. Before sending, the room sits quiet for
 * {@value #QUIET_MILLIS} ms: what each process spends then (the members' keep-alive) is its idle baseline, and the
 * CPU per delivery is reported both as measured and with that baseline subtracted, so the two costs stand apart.
 */
final class RoomFanout {

    static final String NAME = "room fan-out";
    static final long SUSTAINED_P99_MILLIS = 500;
    static final long QUIET_MILLIS = 5_000;

    /** CPU per second of each process while the room is joined and quiet. */
    record Baseline(double signalingCpuNanosPerSecond, double gatewayCpuNanosPerSecond, double loadCpuNanosPerSecond) {

        static Baseline measure(BenchRun run, LoadProcesses load, long millis) throws Exception {
            long signaling = run.signalingCpuNanos();
            long gateway = run.gatewayCpuNanos();
            long loadCpu = load.cpuNanos();
            long start = System.nanoTime();
            BenchRun.pause(millis);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Baseline((run.signalingCpuNanos() - signaling) / seconds,
                    (run.gatewayCpuNanos() - gateway) / seconds, (load.cpuNanos() - loadCpu) / seconds);
        }
    }

    /** How long a case sends: the low-rate case's message count, each rate step's seconds, the rates to try. */
    record Plan(int lowRateMessages, int stepSeconds, List<Integer> rates) {
    }

    private RoomFanout() {
    }

    static List<Measurement> run(BenchRun run, int members, boolean throughGateway, Plan plan) throws Exception {
        String path = throughGateway ? "gateway" : "direct";
        run.say("Room fan-out: %,d members, %s", members, path);
        String room = BenchRun.caseName("fanout-" + members + "-" + path);
        run.api().createRooms(List.of(room), members + 1);
        List<Seat> seats = new ArrayList<>();
        seats.add(new Seat(room, room + "-sender", true));
        for (int i = 0; i < members; i++) {
            seats.add(new Seat(room, room + "-viewer-" + i, false));
        }
        Path tokens = run.tokens(room, seats);
        List<Measurement> measurements = new ArrayList<>();
        {
            LoadProcesses load = run.load();
            load.get(0).send(LoadProcess.command("join").put("url", run.platform().rpcUrl(throughGateway))
                    .put("tokens", tokens.toString()).put("from", 0).put("count", 1).put("concurrency", 1)
                    .put("asPage", true));
            requireJoined(load.get(0).reply(), 1);
            int joined = 0;
            for (JsonNode reply : load.join(run.platform().rpcUrl(throughGateway), tokens, 1, members, 1, 500, true)) {
                joined += reply.get("joined").asInt();
            }
            if (joined != members) {
                throw new IllegalStateException("only " + joined + " of " + members + " members joined");
            }
            BenchRun.pause(2_000);
            Baseline quiet = Baseline.measure(run, load, QUIET_MILLIS);
            run.say("  quiet: signaling %.1f %%, gateway %.1f %%, load generator %.1f %% of a core",
                    quiet.signalingCpuNanosPerSecond() / 1e7, quiet.gatewayCpuNanosPerSecond() / 1e7,
                    quiet.loadCpuNanosPerSecond() / 1e7);
            Case low = send(run, load, members, "low", plan.lowRateMessages(), 1, quiet);
            measurements.add(low.measurement(members, path, "1 msg/s"));
            Case best = null;
            Case failed = null;
            int step = 0;
            for (int rate : plan.rates()) {
                Case attempt = send(run, load, members, "r" + step++, rate * plan.stepSeconds(), rate, quiet);
                if (!attempt.keptUp()) {
                    failed = attempt;
                    break;
                }
                best = attempt;
            }
            if (best != null) {
                measurements.add(best.measurement(members, path, "highest sustained: " + best.rate() + " msg/s"));
            }
            if (failed != null) {
                run.say("  %d msg/s did not keep up: %,d of %,d deliveries, slowest member p99 %.1f ms", failed.rate(),
                        failed.deliveries(), failed.expected(), failed.completion().getValueAtPercentile(99) / 1000.0);
            }
            load.closeSessions();
        }
        run.settle();
        return measurements;
    }

    private static void requireJoined(JsonNode reply, int expected) {
        if (reply.get("joined").asInt() != expected) {
            throw new IllegalStateException("join failed: " + reply.get("errorSamples"));
        }
    }

    /** One run of tracked messages at one rate, and what it measured. */
    private record Case(int rate, int messages, long expected, long deliveries, int refused, Histogram completion,
                        Histogram deliveryLatency, long sendNanos, long wallNanos, long signalingCpuNanos,
                        long gatewayCpuNanos, long loadCpuNanos, Baseline quiet) {

        boolean keptUp() {
            return refused == 0 && deliveries == expected
                    && completion.getValueAtPercentile(99) <= SUSTAINED_P99_MILLIS * 1000;
        }

        Measurement measurement(int members, String path, String label) {
            Measurement measurement = Measurement.of(NAME, String.format("%,d members, %s, %s", members, path, label))
                    .put("members", members).put("path", path).put("rate msg/s", rate).put("messages", messages);
            Latency.put(measurement, "all members have it ", completion);
            Latency.put(measurement, "per delivery ", deliveryLatency);
            double seconds = (sendNanos + completion.getMaxValue() * 1000.0) / 1e9;
            return measurement
                    .put("deliveries", deliveries)
                    .put("missing", expected - deliveries)
                    .put("deliveries/s", Math.round(deliveries / seconds))
                    .put("signaling CPU µs per delivery", perDelivery(signalingCpuNanos))
                    .put("signaling CPU µs per delivery, idle subtracted",
                            perDelivery(signalingCpuNanos - idle(quiet.signalingCpuNanosPerSecond())))
                    .put("gateway CPU µs per delivery", perDelivery(gatewayCpuNanos))
                    .put("gateway CPU µs per delivery, idle subtracted",
                            perDelivery(gatewayCpuNanos - idle(quiet.gatewayCpuNanosPerSecond())))
                    .put("load generator CPU µs per delivery", perDelivery(loadCpuNanos))
                    .put("load generator CPU % of a core", Latency.round(loadCpuNanos / (double) wallNanos * 100, 1));
        }

        /** What the process would have spent anyway over the case's time, by its quiet baseline. */
        private long idle(double cpuNanosPerSecond) {
            return (long) (cpuNanosPerSecond * wallNanos / 1e9);
        }

        private double perDelivery(long cpuNanos) {
            return Latency.round(cpuNanos / 1000.0 / Math.max(1, deliveries), 2);
        }
    }

    private static Case send(BenchRun run, LoadProcesses load, int members, String tag, int messages, int rate,
                             Baseline quiet) throws Exception {
        load.all(i -> LoadProcess.command("track").put("tag", tag).put("messages", messages));
        long signalingCpu = run.signalingCpuNanos();
        long gatewayCpu = run.gatewayCpuNanos();
        long loadCpu = load.cpuNanos();
        long start = System.nanoTime();
        load.get(0).send(LoadProcess.command("chat").put("member", 0).put("tag", tag).put("count", messages)
                .put("rate", rate));
        JsonNode sent = load.get(0).reply();
        // every process waits for its own members' deliveries; the sender never receives its own messages
        List<JsonNode> collected = load.all(i -> LoadProcess.command("collect").put("tag", tag)
                .put("expected", (long) messages * membersIn(load, i, members)).put("waitMillis", 15_000));
        long signaling = run.signalingCpuNanos() - signalingCpu;
        long gateway = run.gatewayCpuNanos() - gatewayCpu;
        long loadCpuUsed = load.cpuNanos() - loadCpu;
        long wall = System.nanoTime() - start;
        long[] slowest = new long[messages];
        long[] received = new long[messages];
        Histogram deliveryLatency = Histograms.micros();
        long deliveries = 0;
        for (JsonNode reply : collected) {
            deliveryLatency.add(Histograms.decode(reply.get("latency").asString()));
            deliveries += reply.get("deliveries").asLong();
            for (int seq = 0; seq < messages; seq++) {
                slowest[seq] = Math.max(slowest[seq], reply.get("slowestMicros").get(seq).asLong());
                received[seq] += reply.get("received").get(seq).asLong();
            }
        }
        Histogram completion = Histograms.micros();
        for (int seq = 0; seq < messages; seq++) {
            // a message some member never got counts as never complete
            completion.recordValue(received[seq] == members ? slowest[seq] : 3_600_000_000L);
        }
        Case result = new Case(rate, messages, (long) messages * members, deliveries, sent.get("refused").asInt(),
                completion, deliveryLatency, sent.get("elapsedNanos").asLong(), wall, signaling, gateway, loadCpuUsed,
                quiet);
        run.say("  %d msg/s × %d: all members have it p50 %.1f ms, p99 %.1f ms; %,d/%,d deliveries; %.2f µs signaling "
                        + "CPU each (%.2f idle subtracted), gateway %.2f µs", rate, messages,
                completion.getValueAtPercentile(50) / 1000.0, completion.getValueAtPercentile(99) / 1000.0,
                deliveries, result.expected(), result.perDelivery(signaling),
                result.perDelivery(signaling - result.idle(quiet.signalingCpuNanosPerSecond())),
                result.perDelivery(gateway));
        BenchRun.pause(1_000);
        return result;
    }

    /** How many of the room's members load process {@code index} holds (the sender, in process 0, not counted). */
    private static long membersIn(LoadProcesses load, int index, int members) {
        int perProcess = (members + load.size() - 1) / load.size();
        return Math.max(0, Math.min(members, (index + 1) * perProcess) - index * perProcess);
    }
}
