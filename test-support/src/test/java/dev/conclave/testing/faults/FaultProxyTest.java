package dev.conclave.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the TCP fault proxy")
class FaultProxyTest {

    private EchoServer echo;
    private FaultProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start("echo", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        proxy.close();
        echo.close();
    }

    @Nested
    @DisplayName("with no fault")
    class NoFault {

        @Test
        @DisplayName("passes bytes both ways, and a clean close through")
        void forwards() throws IOException {
            Socket client = connect();
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
            assertThat(roundTrip(client, "again")).isEqualTo("again");
            assertThat(proxy.openConnections()).isEqualTo(1);

            client.shutdownOutput();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
        }
    }

    @Nested
    @DisplayName("with latency")
    class Latency {

        @Test
        @DisplayName("holds every chunk at least that long each way, and loses nothing")
        void delays() throws IOException {
            Socket client = connect();
            proxy.latency(Duration.ofMillis(150));
            long started = System.nanoTime();
            assertThat(roundTrip(client, "slow")).isEqualTo("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            proxy.restore();
            assertThat(roundTrip(client, "fast")).isEqualTo("fast");
        }
    }

    @Nested
    @DisplayName("stalled")
    class Stalled {

        @Test
        @DisplayName("keeps the connection but passes nothing, then delivers what waited when restored")
        void holdsThenDelivers() throws IOException {
            Socket client = connect();
            proxy.stall();
            send(client, "held");
            assertNothingWithin(client, Duration.ofMillis(300));
            assertThat(proxy.openConnections()).isEqualTo(1);

            proxy.restore();
            assertThat(read(client, 4)).isEqualTo("held");
        }

        @Test
        @DisplayName("accepts new connections without reaching the target until restored")
        void newConnectionsWait() throws IOException {
            proxy.stall();
            Socket client = connect();
            send(client, "late");
            assertNothingWithin(client, Duration.ofMillis(300));
            assertThat(echo.accepted()).isZero();

            proxy.restore();
            assertThat(read(client, 4)).isEqualTo("late");
        }
    }

    @Nested
    @DisplayName("black-holed")
    class BlackHoled {

        @Test
        @DisplayName("accepts and never answers; restored, it resets the connections that lost data and takes new ones")
        void dropsThenResets() throws IOException {
            Socket before = connect();
            proxy.blackHole();
            send(before, "lost");
            Socket during = connect();
            send(during, "lost too");
            assertNothingWithin(before, Duration.ofMillis(300));
            assertNothingWithin(during, Duration.ofMillis(50));

            proxy.restore();
            assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThatThrownBy(() -> during.getInputStream().read()).isInstanceOf(SocketException.class);
            assertThat(roundTrip(connect(), "after")).isEqualTo("after");
        }
    }

    @Nested
    @DisplayName("resetting")
    class Resetting {

        @Test
        @DisplayName("resets every open connection (RST, not a clean close), then takes new ones")
        void resets() throws IOException {
            Socket client = connect();
            assertThat(roundTrip(client, "one")).isEqualTo("one");
            proxy.resetAll();
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(roundTrip(connect(), "two")).isEqualTo("two");
        }

        @Test
        @DisplayName("refusing, resets the open connections and refuses new ones until restored on the same port")
        void refuses() throws IOException {
            Socket client = connect();
            proxy.refuse();
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
            assertRefused();

            proxy.restore();
            assertThat(roundTrip(connect(), "back")).isEqualTo("back");
        }

        /**
         * A connection to the port is refused. With nothing listening on a port of the ephemeral range, the kernel may
         * pick that very port as the source and connect the socket to itself (a TCP self-connect): tried again then.
         */
        private void assertRefused() throws IOException {
            for (int attempt = 0; attempt < 5; attempt++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    if (socket.getLocalPort() != socket.getPort()) {
                        throw new AssertionError("connected to a refusing proxy: local port " + socket.getLocalPort()
                                + ", proxy port " + proxy.port());
                    }
                } catch (ConnectException refused) {
                    return;
                }
            }
            throw new AssertionError("every connection attempt connected to itself");
        }
    }

    private Socket connect() throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        client.setSoTimeout(5_000);
        clients.add(client);
        return client;
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        send(client, text);
        return read(client, text.length());
    }

    private static void send(Socket client, String text) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String read(Socket client, int length) throws IOException {
        return new String(client.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static void assertNothingWithin(Socket client, Duration wait) throws IOException {
        int timeout = client.getSoTimeout();
        client.setSoTimeout((int) wait.toMillis());
        try {
            int read = client.getInputStream().read();
            throw new AssertionError("expected nothing, read " + read);
        } catch (SocketTimeoutException expected) {
            // nothing came
        } finally {
            client.setSoTimeout(timeout);
        }
    }

    /** Sends back whatever it reads, one thread per connection. */
    private static final class EchoServer implements AutoCloseable {

        private final ServerSocket server;
        private volatile int accepted;

        EchoServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted++;
                    Thread echo = new Thread(() -> echo(socket), "echo");
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void echo(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // reset by the proxy
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
