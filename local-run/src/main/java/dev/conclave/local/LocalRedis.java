package dev.conclave.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * Redis for several signaling nodes: the binary of the embedded-redis artifact (from Maven Central), run as a
 * process of the platform on a free loopback port, nothing saved to disk. Started and stopped by the platform
 * itself — after the nodes that use it have stopped.
 */
final class LocalRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalRedis start(Path logFile) throws IOException, InterruptedException {
        File binary = ExecutableProvider.newJarResourceProvider().get();
        int port = ServicePorts.free();
        logFile.toFile().getParentFile().mkdirs();
        Process process = new ProcessBuilder(OwnSession.of(List.of(binary.getAbsolutePath(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--save", "", "--appendonly", "no")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        LocalRedis redis = new LocalRedis(process, port);
        redis.awaitPong(Instant.now().plus(START_TIMEOUT), logFile);
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitPong(Instant deadline, Path logFile) throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Redis exited with code " + process.exitValue() + "; see " + logFile);
            }
            if (answersPing()) {
                return;
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("Redis did not answer within " + START_TIMEOUT + "; see " + logFile);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
