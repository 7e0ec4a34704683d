package dev.conclave.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bad network for one kind of loopback traffic only: packets sent to one port of 127.0.0.1 lose a share of their
 * UDP packets at random and are capped to a bandwidth with a short queue, so that past the cap they wait (round-trip
 * time grows) and then are dropped, as on a congested, lossy uplink. Everything else on {@code lo} passes as before.
 * Made with {@code tc} (an {@code htb} class chosen by a {@code u32} filter on the destination port, with a small
 * {@code pfifo}) and {@code iptables} ({@code -m statistic --mode random}); this kernel has no {@code netem}. Needs
 * root; closing removes both.
 */
public final class LoopbackShaper implements AutoCloseable {

    private static final Path TC = Path.of("/usr/sbin/tc");
    private static final Path IPTABLES = Path.of("/usr/sbin/iptables");

    /** The iptables rule, as added and as deleted. */
    private final List<String> lossRule;

    private LoopbackShaper(int port, int lossPercent) {
        this.lossRule = List.of("OUTPUT", "-o", "lo", "-p", "udp", "--dport", String.valueOf(port),
                "-m", "statistic", "--mode", "random", "--probability", String.valueOf(lossPercent / 100.0), "-j", "DROP");
    }

    /**
     * Drops {@code lossPercent} of the UDP packets sent to {@code 127.0.0.1:port} and caps what is sent there (UDP
     * or TCP) to {@code kbitPerSecond}, with a queue of {@code queuePackets}; skips the test (fails it under CI)
     * where {@code tc} or {@code iptables} cannot change {@code lo}.
     */
    public static LoopbackShaper toPort(int port, int lossPercent, int kbitPerSecond, int queuePackets) {
        if (!Files.isExecutable(TC) || !Files.isExecutable(IPTABLES)) {
            throw RequiredServer.unavailable("tc and iptables", TC + " or " + IPTABLES
                    + " is not installed (apt-get install -y iproute2 iptables)");
        }
        LoopbackShaper shaper = new LoopbackShaper(port, lossPercent);
        shaper.removeQuietly();
        try {
            run(IPTABLES, with("-A", shaper.lossRule));
            tc("qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb");
            tc("class", "add", "dev", "lo", "parent", "1:", "classid", "1:20", "htb",
                    "rate", kbitPerSecond + "kbit", "ceil", kbitPerSecond + "kbit", "burst", "4kb");
            tc("qdisc", "add", "dev", "lo", "parent", "1:20", "handle", "20:", "pfifo", "limit",
                    String.valueOf(queuePackets));
            tc("filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                    "match", "ip", "dst", "127.0.0.1/32", "match", "ip", "dport", String.valueOf(port), "0xffff",
                    "flowid", "1:20");
        } catch (IllegalStateException e) {
            shaper.removeQuietly();
            throw RequiredServer.unavailable("tc and iptables on lo", e.getMessage() + " (root is needed to shape lo)");
        }
        return shaper;
    }

    @Override
    public void close() {
        removeQuietly();
    }

    private void removeQuietly() {
        try {
            tc("qdisc", "del", "dev", "lo", "root");
        } catch (IllegalStateException e) {
            // nothing was there
        }
        try {
            run(IPTABLES, with("-D", lossRule));
        } catch (IllegalStateException e) {
            // nothing was there
        }
    }

    private static String[] with(String first, List<String> rest) {
        List<String> arguments = new ArrayList<>(List.of(first));
        arguments.addAll(rest);
        return arguments.toArray(String[]::new);
    }

    private static void tc(String... arguments) {
        run(TC, arguments);
    }

    private static void run(Path program, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
