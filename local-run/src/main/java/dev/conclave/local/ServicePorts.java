package dev.conclave.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** The loopback ports the local platform's processes listen on: the one asked for, or a free one. */
final class ServicePorts {

    /** Where a free port may start: above the well-known and registered ports most servers use. */
    private static final int LOWEST_FREE_PORT = 20_000;
    /**
     * Ports this JVM has handed out already: nothing listens on them until their service starts, so a second request
     * could find them free too (auth and signaling once got the same port in one platform's start).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private ServicePorts() {
    }

    /** {@code wanted}, if it is free; a free port when it is 0. */
    static int choose(int wanted, String option) throws IOException {
        if (wanted == 0) {
            return free();
        }
        try (ServerSocket socket = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException inUse) {
            throw new IllegalStateException("Port " + wanted + " is in use; choose another with --" + option
                    + "-port=N", inUse);
        }
    }

    /**
     * A free port under the kernel's ephemeral range. A port the kernel picks (port 0) comes from that range, which
     * outgoing connections (JDBC pools, HTTP clients) draw from too, and one of them took it before the service could
     * bind it (bench: "Port 32957 was already in use").
     */
    static int free() throws IOException {
        int ephemeralLow = 32_768;
        try {
            // by lines: Files.readString of this procfs file returns only its first byte on JDK 17
            ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            // keep the usual default
        }
        for (int attempt = 0; attempt < 100 && ephemeralLow > LOWEST_FREE_PORT + 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_FREE_PORT, ephemeralLow);
            if (bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port found");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
