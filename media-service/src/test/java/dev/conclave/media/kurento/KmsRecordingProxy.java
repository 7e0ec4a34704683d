package dev.conclave.media.kurento;

import dev.conclave.media.kurento.KmsExchange.Frame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A WebSocket proxy between the Kurento adapter and a real Kurento Media Server that writes down every text frame in
 * both directions, in the order it passes them on, with the milliseconds since the first connection opened. One
 * recording per proxy; {@link #frames()} gives what passed so far.
 */
final class KmsRecordingProxy extends WebSocketServer implements AutoCloseable {

    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Frame> frames = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile Exception failure;
    private long openedAt;

    private KmsRecordingProxy(URI upstream) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.upstream = upstream;
        setReuseAddr(true);
    }

    /** A proxy to {@code upstream} ({@code ws://host:8888/kurento}), listening on a free loopback port. */
    static KmsRecordingProxy to(URI upstream) throws InterruptedException {
        KmsRecordingProxy proxy = new KmsRecordingProxy(upstream);
        proxy.start();
        if (!proxy.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the recording proxy did not start", proxy.failure);
        }
        return proxy;
    }

    /** Where the adapter connects instead of the media server. */
    URI url() {
        return URI.create("ws://127.0.0.1:" + getPort() + upstream.getRawPath());
    }

    List<Frame> frames() {
        synchronized (lock) {
            return List.copyOf(frames);
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(org.java_websocket.WebSocket client, ClientHandshake handshake) {
        synchronized (lock) {
            if (frames.isEmpty()) {
                openedAt = System.nanoTime();
            }
        }
        // The client's frames are handled on this connection's thread after onOpen returns, so none is lost while
        // the way to the media server opens.
        WebSocket kms = http.newWebSocketBuilder().buildAsync(upstream, new FromKms(client)).join();
        client.setAttachment(kms);
    }

    @Override
    public void onMessage(org.java_websocket.WebSocket client, String message) {
        WebSocket kms = client.getAttachment();
        synchronized (lock) {
            record(KmsExchange.TO_KMS, message);
            kms.sendText(message, true).join();
        }
    }

    @Override
    public void onClose(org.java_websocket.WebSocket client, int code, String reason, boolean remote) {
        WebSocket kms = client.getAttachment();
        if (kms != null && !kms.isOutputClosed()) {
            kms.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }

    @Override
    public void onError(org.java_websocket.WebSocket client, Exception e) {
        failure = e;
        started.countDown();
    }

    private void record(String direction, String text) {
        frames.add(new Frame(direction, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt),
                KmsExchange.parse(text)));
    }

    @Override
    public void close() throws InterruptedException {
        stop(2000);
    }

    /** Frames from the media server: recorded, then passed to the adapter, in the same lock as the other way. */
    private final class FromKms implements WebSocket.Listener {

        private final org.java_websocket.WebSocket client;
        private final StringBuilder partial = new StringBuilder();

        FromKms(org.java_websocket.WebSocket client) {
            this.client = client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket kms, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                synchronized (lock) {
                    record(KmsExchange.FROM_KMS, message);
                    if (client.isOpen()) {
                        client.send(message);
                    }
                }
            }
            kms.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket kms, int status, String reason) {
            client.close(status == WebSocket.NORMAL_CLOSURE ? 1000 : 1011, reason);
            return null;
        }

        @Override
        public void onError(WebSocket kms, Throwable error) {
            failure = error instanceof Exception e ? e : new RuntimeException(error);
            client.closeConnection(1011, "media server connection failed: " + error.getMessage());
        }
    }
}
