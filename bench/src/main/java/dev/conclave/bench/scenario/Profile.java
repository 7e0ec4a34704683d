package dev.conclave.bench.scenario;

import java.util.List;

/**
 * How big a run is (warm-up included: the first joins and messages of a fresh JVM are not measured). {@code fanout},
 * {@code joins} and {@code idle} run one scenario each, for profiling a change. {@code smoke} proves the generator works (CI), {@code short} gives every figure in under five
 * minutes, {@code full} goes as far as this machine allows (the open-file limit caps one process at ~19,900 sockets).
 */
public record Profile(String name, int warmUpClients, int idleSessions, int idleSeconds, List<Integer> joinStorms,
                      List<Fanout> fanouts, int meshRooms, int meshSeconds) {

    /** One fan-out case: room size, path, and how long it sends. */
    public record Fanout(int members, boolean throughGateway, RoomFanout.Plan plan) {
    }

    public static Profile named(String name) {
        return switch (name) {
            case "smoke" -> new Profile("smoke", 50, 200, 3, List.of(20),
                    List.of(new Fanout(50, false, new RoomFanout.Plan(5, 2, List.of(20))),
                            new Fanout(50, true, new RoomFanout.Plan(5, 2, List.of()))),
                    10, 4);
            case "short" -> new Profile("short", 1_000, 1_000, 10, List.of(200, 1_000),
                    List.of(new Fanout(1_000, false, new RoomFanout.Plan(5, 3, List.of(100, 400))),
                            new Fanout(1_000, true, new RoomFanout.Plan(5, 3, List.of()))),
                    100, 10);
            // idle: as many sessions as one signaling process may hold sockets for (the open-file limit is 20,000)
            case "full" -> new Profile("full", 1_000, 19_000, 30, List.of(50, 200, 1_000),
                    List.of(new Fanout(1_000, false, new RoomFanout.Plan(30, 5, List.of(50, 100, 200, 400, 800))),
                            new Fanout(1_000, true, new RoomFanout.Plan(30, 5, List.of(50, 100, 200, 400, 800))),
                            new Fanout(10_000, false, new RoomFanout.Plan(30, 5, List.of(10, 20, 40, 80, 160))),
                            // 20,000 members would need 20,000 sockets in one signaling process: past its open-file limit
                            new Fanout(19_000, false, new RoomFanout.Plan(30, 5, List.of(5, 10, 20, 40, 80)))),
                    1_000, 30);
            // one scenario at a time, for profiling a change
            case "fanout" -> new Profile("fanout", 1_000, 0, 0, List.of(),
                    List.of(new Fanout(10_000, false, new RoomFanout.Plan(20, 4, List.of(10, 20, 40, 80)))), 0, 0);
            case "joins" -> new Profile("joins", 1_000, 0, 0, List.of(1_000), List.of(), 0, 0);
            case "idle" -> new Profile("idle", 1_000, 19_000, 20, List.of(), List.of(), 0, 0);
            default -> throw new IllegalArgumentException("profile is smoke, short, full, fanout, joins or idle, not " + name);
        };
    }
}
