package dev.conclave.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's coturn ({@code /usr/bin/turnserver}) as its own process on free loopback ports, taking ephemeral
 * credentials ({@code use-auth-secret} with a random {@code static-auth-secret}, the "TURN REST API" scheme), relaying
 * on 127.0.0.1 between loopback peers, with no TLS, no CLI and no system service. Where coturn is missing the calling
 * test is skipped (failed under CI). {@link #close()} kills the process.
 */
public final class TestTurnServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestTurnServer.class);
    private static final Path TURNSERVER = Path.of(System.getProperty("conclave.turnserver", "/usr/bin/turnserver"));
    private static final String HOST = "127.0.0.1";
    private static final String REALM = "conclave.test";
    private static final int RELAY_PORTS = 200;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Process process;
    private final Path directory;
    private final int port;
    private final String sharedSecret;

    private TestTurnServer(Process process, Path directory, int port, String sharedSecret) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.sharedSecret = sharedSecret;
    }

    /**
     * The password coturn expects for {@code username} under {@code use-auth-secret} (the TURN REST API: Base64 of
     * HMAC-SHA1 of the username with the shared secret), computed here independently of the code under test.
     */
    public static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Skips (or fails under CI) unless coturn is installed. */
    public static void requireInstalled() {
        if (!Files.isExecutable(TURNSERVER)) {
            throw RequiredServer.unavailable("coturn", TURNSERVER + " is not installed "
                    + "(apt-get install -y --no-install-recommends coturn; its system service is not needed)");
        }
    }

    /** Starts coturn with a new random shared secret and waits until it listens. */
    public static TestTurnServer start() {
        requireInstalled();
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String sharedSecret = HexFormat.of().formatHex(secret);
        try {
            Path directory = Files.createTempDirectory("conclave-coturn-");
            int port = freeTcpAndUdpPort();
            int minRelayPort = 61_000 + RANDOM.nextInt(4_000 - RELAY_PORTS);
            Path config = directory.resolve("turnserver.conf");
            Files.writeString(config, String.join("\n",
                    "listening-ip=" + HOST,
                    "relay-ip=" + HOST,
                    "listening-port=" + port,
                    "min-port=" + minRelayPort,
                    "max-port=" + (minRelayPort + RELAY_PORTS - 1),
                    "realm=" + REALM,
                    "use-auth-secret",
                    "static-auth-secret=" + sharedSecret,
                    "no-tls",
                    "no-dtls",
                    "no-cli",
                    // Both browsers' relayed addresses are on 127.0.0.1: they are each other's peers.
                    "allow-loopback-peers",
                    "no-multicast-peers",
                    "no-software-attribute",
                    "fingerprint",
                    "user-quota=20",
                    "total-quota=200",
                    "pidfile=" + directory.resolve("turnserver.pid"),
                    "userdb=" + directory.resolve("turndb"),
                    "log-file=stdout",
                    ""), StandardCharsets.UTF_8);
            Path logFile = directory.resolve("turnserver.log");
            Process process = new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            TestTurnServer server = new TestTurnServer(process, directory, port, sharedSecret);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-coturn"));
            server.awaitListening();
            log.info("Test coturn (pid {}) on {}:{}, log {}", process.pid(), HOST, port, logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start coturn", e);
        }
    }

    /** {@code turn:127.0.0.1:<port>?transport=udp}. */
    public String udpUrl() {
        return "turn:" + HOST + ":" + port + "?transport=udp";
    }

    /** {@code turn:127.0.0.1:<port>?transport=tcp}. */
    public String tcpUrl() {
        return "turn:" + HOST + ":" + port + "?transport=tcp";
    }

    public List<String> urls() {
        return List.of(udpUrl(), tcpUrl());
    }

    /** coturn's {@code static-auth-secret}: what signaling must share to mint credentials it accepts. */
    public String sharedSecret() {
        return sharedSecret;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What coturn has logged so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(directory.resolve("turnserver.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills coturn (SIGTERM, then SIGKILL after 5 s) and waits for it to be gone. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteDirectory();
    }

    private void deleteDirectory() {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("Could not delete {}", directory, e);
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coturn exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                Pause.of(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("coturn did not listen on " + HOST + ":" + port + " within " + START_TIMEOUT
                + ":\n" + log());
    }

    /** A port free for both TCP and UDP on the loopback address (coturn listens on both). */
    private static int freeTcpAndUdpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName(HOST);
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, candidate))) {
                    return candidate;
                } catch (IOException udpTaken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both TCP and UDP on " + HOST);
    }
}
