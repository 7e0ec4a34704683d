package dev.conclave.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Issue 6's targets, judged against what a run measured (only those the run's profile measured). */
public final class Targets {

    private static final String IDLE_HEAP = "heap KiB per session (with − after closing)";

    private Targets() {
    }

    public static List<Target> judge(List<Measurement> measurements) {
        List<Target> targets = new ArrayList<>();
        // judged on the larger of two readings: before → after joining (counts what outlives the sessions too) and
        // with → after closing them (what they free); they differ from run to run
        find(measurements, m -> m.scenario().equals("idle capacity")).ifPresent(idle -> {
            double larger = Math.max(idle.number(IDLE_HEAP), idle.number("heap KiB per session"));
            targets.add(new Target("heap per idle joined session (" + idle.label() + ", the larger of two readings)",
                    "≤ 10 KiB", larger + " KiB", larger <= 10));
        });
        find(measurements, m -> m.scenario().equals("room fan-out") && m.label().startsWith("10,000 members, direct, 1 msg/s"))
                .ifPresent(fanout -> targets.add(new Target("fan-out to 10,000 members: until all have it, p99",
                        "≤ 50 ms", fanout.number("all members have it p99 ms") + " ms",
                        fanout.number("all members have it p99 ms") <= 50)));
        find(measurements, m -> m.scenario().equals("room fan-out") && m.label().startsWith("10,000 members, direct, highest"))
                .ifPresent(fanout -> targets.add(new Target("fan-out to 10,000 members: signaling CPU per delivered message ("
                        + fanout.figures().get("rate msg/s") + " msg/s)", "≤ 4 µs",
                        fanout.number("signaling CPU µs per delivery") + " µs",
                        fanout.number("signaling CPU µs per delivery") <= 4)));
        find(measurements, m -> m.scenario().equals("join storm") && m.label().equals("1000 clients, direct"))
                .ifPresent(storm -> targets.add(new Target("join storm of 1,000: p99, errors", "≤ 100 ms, 0",
                        storm.number("join p99 ms") + " ms, " + storm.figures().get("errors"),
                        storm.number("join p99 ms") <= 100 && storm.number("errors") == 0)));
        for (Measurement ratio : measurements) {
            if (ratio.scenario().equals("gateway overhead")) {
                targets.add(new Target("gateway ÷ direct p50 latency: " + ratio.label(), "≤ 1.3×",
                        ratio.number("p50 ratio") + "×", ratio.number("p50 ratio") <= 1.3));
            }
        }
        return targets;
    }

    private static Optional<Measurement> find(List<Measurement> measurements, Predicate<Measurement> which) {
        return measurements.stream().filter(which).findFirst();
    }
}
