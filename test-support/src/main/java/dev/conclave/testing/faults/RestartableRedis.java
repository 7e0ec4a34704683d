package dev.conclave.testing.faults;

import dev.conclave.testing.RequiredServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis of a test's own that it may kill (SIGKILL), stop (SIGTERM) and start again on the same port: the binary
 * of the embedded-redis artifact run as a process on loopback, nothing saved to disk (a restarted Redis is empty,
 * as a cache restarted without persistence is). Unlike {@code TestRedis}, never a container, and never shared.
 */
public final class RestartableRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final File binary;
    private final int port;
    private Process process;

    private RestartableRedis(File binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Started and answering PING; skips the calling test (fails under CI) when it cannot start. */
    public static RestartableRedis start() {
        try {
            File binary = ExecutableProvider.newJarResourceProvider().get();
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            RestartableRedis redis = new RestartableRedis(binary, port);
            redis.startAgain();
            return redis;
        } catch (IOException | RuntimeException e) {
            throw RequiredServer.unavailable("Redis", "the embedded-redis binary could not start: " + e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts it again (empty) on its port, and waits until it answers PING. */
    public synchronized void startAgain() throws IOException {
        if (isRunning()) {
            return;
        }
        process = new ProcessBuilder(List.of(binary.getAbsolutePath(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--save", "", "--appendonly", "no"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("Redis did not answer on port " + port + " within " + START_TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** SIGKILL: gone at once, without a word to its clients (their connections are reset). */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM: it closes its clients' connections and exits. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a Redis answers PING on the port within half a second. */
    public static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }
}
