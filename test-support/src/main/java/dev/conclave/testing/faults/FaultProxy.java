package dev.conclave.testing.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that stands between two tiers (a service and its Redis, its database, media-service) and
 * breaks the path between them on command, the way networks break:
 * <ul>
 *   <li>{@link #latency(Duration)}: every chunk read is held that long before it is passed on, in both directions;</li>
 *   <li>{@link #stall()}: nothing is passed on (connections stay open, data waits, the senders' buffers fill up);
 *       {@link #restore()} passes on everything that waited, nothing lost;</li>
 *   <li>{@link #blackHole()}: connections are accepted, everything sent is dropped, nothing ever answers; on
 *       {@link #restore()} the connections that lost data are reset (their streams are out of step);</li>
 *   <li>{@link #resetAll()}: every open connection is reset at once (RST to both sides: SO_LINGER 0), new ones
 *       work as before;</li>
 *   <li>{@link #refuse()}: every connection is reset and the port stops listening (connections are refused, as
 *       to a server that is gone) until {@link #restore()} listens on the same port again.</li>
 * </ul>
 * Blocking sockets, two threads per connection: enough for the few pooled connections of a service.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to the traffic now. */
    public enum Fault { NONE, LATENCY, STALL, BLACK_HOLE, REFUSE }

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
    private static final int CHUNK = 16 * 1024;

    private final String name;
    private final InetSocketAddress target;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object changes = new Object();
    private volatile Fault fault = Fault.NONE;
    private volatile Duration latency = Duration.ZERO;
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile boolean closed;

    private FaultProxy(String name, InetSocketAddress target, ServerSocket listener) {
        this.name = name;
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
        startAccepting(listener);
    }

    /** A proxy on a free loopback port to {@code 127.0.0.1:targetPort}. */
    public static FaultProxy start(String name, int targetPort) {
        return start(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 0);
    }

    /** A proxy on loopback port {@code listenPort} (0: a free one) to {@code target}. */
    public static FaultProxy start(String name, InetSocketAddress target, int listenPort) {
        try {
            return new FaultProxy(name, target, listen(listenPort));
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy " + name + " could not listen on " + listenPort, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}: where the proxied service's clients should connect. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public Fault fault() {
        return fault;
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted since the proxy started. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Every chunk waits {@code perChunk} before it is passed on, in both directions. */
    public void latency(Duration perChunk) {
        change(Fault.LATENCY, perChunk);
    }

    /** Passes nothing on, holding connections and data, until {@link #restore()}. */
    public void stall() {
        change(Fault.STALL, Duration.ZERO);
    }

    /** Accepts connections but drops everything sent either way, until {@link #restore()}. */
    public void blackHole() {
        change(Fault.BLACK_HOLE, Duration.ZERO);
    }

    /** Resets every open connection now (both sides get an RST); later connections work. */
    public void resetAll() {
        int reset = 0;
        for (Link link : List.copyOf(links)) {
            link.reset();
            reset++;
        }
        log.info("fault proxy {}: reset {} connections", name, reset);
    }

    /** Resets every connection and stops listening: new connections are refused until {@link #restore()}. */
    public void refuse() {
        change(Fault.REFUSE, Duration.ZERO);
        closeQuietly(listener);
        awaitAcceptorGone();
        resetAll();
    }

    /**
     * A listening socket closed while a thread is blocked in accept() goes on taking connections until that thread
     * has left the call: the port is refusing only once the acceptor has ended.
     */
    private void awaitAcceptorGone() {
        Thread thread = acceptor;
        if (thread == null) {
            return;
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Back to passing everything on at once: what a stall held goes through; connections a black hole took data
     * from are reset; a refusing proxy listens again on its port.
     */
    public void restore() {
        Fault before = fault;
        change(Fault.NONE, Duration.ZERO);
        if (before == Fault.BLACK_HOLE) {
            for (Link link : List.copyOf(links)) {
                if (link.lostData) {
                    link.reset();
                }
            }
        }
        if (before == Fault.REFUSE && !closed) {
            try {
                ServerSocket again = listen(port);
                listener = again;
                startAccepting(again);
            } catch (IOException e) {
                throw new IllegalStateException("fault proxy " + name + " could not listen on " + port + " again", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        change(Fault.NONE, Duration.ZERO);
        closeQuietly(listener);
        for (Link link : List.copyOf(links)) {
            link.close();
        }
    }

    private void change(Fault next, Duration nextLatency) {
        synchronized (changes) {
            latency = nextLatency;
            fault = next;
            changes.notifyAll();
        }
        log.info("fault proxy {} ({} -> {}): {}{}", name, port, target.getPort(), next,
                next == Fault.LATENCY ? " " + nextLatency.toMillis() + " ms per chunk" : "");
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        return socket;
    }

    private void startAccepting(ServerSocket socket) {
        Thread thread = new Thread(() -> accept(socket), "fault-proxy-" + name + "-accept");
        thread.setDaemon(true);
        acceptor = thread;
        thread.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed: refusing, or the proxy is closed
            }
            accepted.incrementAndGet();
            // tracked before the opener runs, so a reset or refusal right after accept() reaches this one too
            Link link = new Link(client);
            links.add(link);
            Thread opener = new Thread(() -> open(link), "fault-proxy-" + name + "-open");
            opener.setDaemon(true);
            opener.start();
        }
    }

    private void open(Link link) {
        Socket client = link.client;
        try {
            if (fault == Fault.REFUSE) {
                link.reset(); // accepted just before the listener closed: refused like the rest
                return;
            }
            client.setTcpNoDelay(true);
            while (fault == Fault.BLACK_HOLE || fault == Fault.STALL) {
                // a black hole answers nothing and a stall passes nothing on: the target is not even called yet
                if (fault == Fault.BLACK_HOLE) {
                    link.lostData = true;
                    drain(client.getInputStream(), link);
                    return;
                }
                awaitChange();
            }
            Socket upstream = new Socket();
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 5_000);
            link.upstream = upstream;
            pump(link, client.getInputStream(), upstream, "up");
            pump(link, upstream.getInputStream(), client, "down");
        } catch (IOException e) {
            link.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.close();
        }
    }

    /** Reads and drops what a black-holed connection sends, until it closes or the black hole ends. */
    private void drain(InputStream in, Link link) throws IOException, InterruptedException {
        byte[] buffer = new byte[CHUNK];
        while (in.read(buffer) >= 0) {
            if (fault != Fault.BLACK_HOLE) {
                link.reset(); // what it sent meanwhile is gone: its stream cannot go on
                return;
            }
        }
        link.close();
    }

    private void pump(Link link, InputStream from, Socket to, String direction) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[CHUNK];
            try {
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = from.read(buffer)) >= 0) {
                    if (pass(link)) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
                to.shutdownOutput(); // a clean end of stream passes on as one
            } catch (SocketException e) {
                link.reset();
            } catch (IOException e) {
                link.reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                link.reset();
            } finally {
                link.pumpEnded();
            }
        }, "fault-proxy-" + name + "-" + direction);
        pump.setDaemon(true);
        pump.start();
    }

    /** Whether a chunk just read should be passed on: waits out latency and stalls, drops it in a black hole. */
    private boolean pass(Link link) throws InterruptedException {
        while (true) {
            Fault now = fault;
            switch (now) {
                case NONE, REFUSE -> {
                    return true;
                }
                case LATENCY -> {
                    Thread.sleep(latency.toMillis());
                    return true;
                }
                case BLACK_HOLE -> {
                    link.lostData = true;
                    return false;
                }
                case STALL -> awaitChange();
            }
        }
    }

    private void awaitChange() throws InterruptedException {
        synchronized (changes) {
            if (fault == Fault.STALL || fault == Fault.BLACK_HOLE) {
                changes.wait(100);
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    /** One client connection and its connection to the target. */
    private final class Link {

        private final Socket client;
        private volatile Socket upstream;
        private volatile boolean lostData;
        private final AtomicInteger pumps = new AtomicInteger(2);

        Link(Socket client) {
            this.client = client;
        }

        /** Both sides get an RST: SO_LINGER 0, then close. */
        void reset() {
            abort(client);
            abort(upstream);
            links.remove(this);
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
            links.remove(this);
        }

        void pumpEnded() {
            if (pumps.decrementAndGet() == 0) {
                close();
            }
        }

        private void abort(Socket socket) {
            if (socket == null || socket.isClosed()) {
                return;
            }
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException ignored) {
                // closing anyway
            }
            closeQuietly(socket);
        }
    }
}
