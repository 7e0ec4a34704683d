package dev.conclave.bench.scenario;

import dev.conclave.bench.report.Latency;
import dev.conclave.bench.report.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs a profile's scenarios in order, then compares the gateway and direct paths (scenario 5). */
public final class Scenarios {

    public static final String GATEWAY_OVERHEAD = "gateway overhead";
    /**
     * A fresh JVM runs the join path interpreted for its first thousand-odd joins (a profile of a storm right after
     * one warm-up round showed a third of signaling's CPU in the interpreter); a node that has been up a while has it
     * compiled, and that is what the storm measures.
     */
    private static final int JOIN_WARM_UP_ROUNDS = 3;

    private Scenarios() {
    }

    /** Starts enough load-generator processes for the profile's largest case. */
    public static LoadProcesses loadFor(Profile profile, java.nio.file.Path logs) throws java.io.IOException {
        int sockets = Math.max(profile.idleSessions(), profile.meshRooms() * 4);
        for (Profile.Fanout fanout : profile.fanouts()) {
            sockets = Math.max(sockets, fanout.members() + 1);
        }
        for (int clients : profile.joinStorms()) {
            sockets = Math.max(sockets, clients);
        }
        return LoadProcesses.forSockets(sockets, logs);
    }

    public static List<Measurement> run(BenchRun run, Profile profile) throws Exception {
        run.say("Warming up (not measured) …");
        int warmUp = profile.warmUpClients();
        for (int round = 0; round < JOIN_WARM_UP_ROUNDS; round++) {
            JoinStorm.run(run, warmUp, false);
            JoinStorm.run(run, warmUp, true);
        }
        RoomFanout.run(run, warmUp, false, new RoomFanout.Plan(5, 2, List.of(100)));
        RoomFanout.run(run, warmUp, true, new RoomFanout.Plan(5, 2, List.of(100)));
        List<Measurement> measurements = new ArrayList<>();
        for (int clients : profile.joinStorms()) {
            measure(run, measurements, JoinStorm.NAME, clients + " clients, direct",
                    () -> List.of(JoinStorm.run(run, clients, false)));
            measure(run, measurements, JoinStorm.NAME, clients + " clients, gateway",
                    () -> List.of(JoinStorm.run(run, clients, true)));
        }
        for (Profile.Fanout fanout : profile.fanouts()) {
            measure(run, measurements, RoomFanout.NAME, fanout.members() + " members",
                    () -> RoomFanout.run(run, fanout.members(), fanout.throughGateway(), fanout.plan()));
        }
        if (profile.meshRooms() > 0) {
            measure(run, measurements, ManyRooms.NAME, profile.meshRooms() + " rooms",
                    () -> List.of(ManyRooms.run(run, profile.meshRooms(), profile.meshSeconds())));
        }
        if (profile.idleSessions() > 0) {
            measure(run, measurements, IdleCapacity.NAME, profile.idleSessions() + " sessions",
                    () -> List.of(IdleCapacity.run(run, profile.idleSessions(), profile.idleSeconds())));
        }
        measurements.addAll(gatewayOverhead(measurements));
        if (!run.platform().allAlive()) {
            throw new IllegalStateException("a service died during the run; see the logs");
        }
        return measurements;
    }

    private interface Case {
        List<Measurement> run() throws Exception;
    }

    /** Runs one case; one that fails is recorded as failed (with why) and the run goes on to the next. */
    private static void measure(BenchRun run, List<Measurement> measurements, String scenario, String label, Case which)
            throws InterruptedException {
        try {
            measurements.addAll(which.run());
        } catch (Exception e) {
            run.say("  FAILED: %s", e);
            measurements.add(Measurement.of(scenario, label).put("failed", String.valueOf(e.getMessage())));
            try {
                run.load().closeSessions();
                run.settle();
            } catch (Exception stillFailing) {
                run.say("  and could not settle: %s", stillFailing);
            }
        }
    }

    /** The load-generator processes' JVM flags, for the results. */
    public static List<String> loadJvmFlags() {
        return LoadProcess.JVM_FLAGS;
    }

    /** Each case measured both ways, as gateway ÷ direct latency. */
    static List<Measurement> gatewayOverhead(List<Measurement> measurements) {
        List<Measurement> ratios = new ArrayList<>();
        for (Measurement gateway : measurements) {
            if (!"gateway".equals(gateway.figures().get("path"))) {
                continue;
            }
            String directLabel = gateway.label().replace("gateway", "direct");
            Optional<Measurement> direct = measurements.stream()
                    .filter(m -> m.scenario().equals(gateway.scenario()) && m.label().equals(directLabel)).findFirst();
            if (direct.isEmpty()) {
                continue;
            }
            String latency = gateway.scenario().equals(JoinStorm.NAME) ? "join " : "all members have it ";
            ratios.add(Measurement.of(GATEWAY_OVERHEAD, gateway.scenario() + ", " + directLabel.replace(", direct", ""))
                    .put("direct p50 ms", direct.get().number(latency + "p50 ms"))
                    .put("gateway p50 ms", gateway.number(latency + "p50 ms"))
                    .put("p50 ratio", Latency.round(gateway.number(latency + "p50 ms") / direct.get().number(latency + "p50 ms"), 2))
                    .put("direct p99 ms", direct.get().number(latency + "p99 ms"))
                    .put("gateway p99 ms", gateway.number(latency + "p99 ms"))
                    .put("p99 ratio", Latency.round(gateway.number(latency + "p99 ms") / direct.get().number(latency + "p99 ms"), 2)));
        }
        return ratios;
    }
}
