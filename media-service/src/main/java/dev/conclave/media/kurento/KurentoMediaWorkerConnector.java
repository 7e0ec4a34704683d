package dev.conclave.media.kurento;

import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.WorkerId;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to Kurento Media Server over its JSON-RPC WebSocket with the Kurento Java client. The client does not
 * reconnect on its own: a connection that closed says so ({@code connected()}), and the registry's next probe connects
 * afresh (a worker that does not answer then misses its probe as any other).
 */
public class KurentoMediaWorkerConnector implements MediaWorkerConnector {

    private static final Logger log = LoggerFactory.getLogger(KurentoMediaWorkerConnector.class);

    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public KurentoMediaWorkerConnector(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public MediaWorkerClient connect(WorkerId worker, URI url, MediaWorkerListener listener) {
        Lifecycle lifecycle = new Lifecycle(worker, new AtomicBoolean());
        JsonRpcClientNettyWebSocket jsonRpc = new JsonRpcClientNettyWebSocket(url.toString(), lifecycle);
        jsonRpc.setConnectionTimeout((int) connectTimeout.toMillis());
        jsonRpc.setRequestTimeout(requestTimeout.toMillis());
        jsonRpc.setTryReconnectingForever(false);
        jsonRpc.setTryReconnectingMaxTime(0);
        jsonRpc.setLabel("kms-" + worker.value());
        try {
            jsonRpc.connect();
            KurentoClient kurento = KurentoClient.createFromJsonRpcClientHonoringClientTimeouts(jsonRpc);
            return new KurentoMediaWorkerClient(worker, kurento, listener, () -> !lifecycle.closed().get());
        } catch (Exception e) {
            try {
                jsonRpc.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new MediaWorkerFailedException(worker, "cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    /** @param closed set once the connection has closed (the client does not reconnect by itself) */
    private record Lifecycle(WorkerId worker, AtomicBoolean closed) implements JsonRpcWSConnectionListener {

        @Override
        public void connected() {
            log.debug("connected to media worker {}", worker);
        }

        @Override
        public void connectionFailed() {
            log.debug("connecting to media worker {} failed", worker);
        }

        @Override
        public void disconnected() {
            closed.set(true);
            log.info("connection to media worker {} closed; the next probe connects again", worker);
        }

        @Override
        public void reconnected(boolean sameServer) {
            log.info("reconnected to media worker {} (same server: {})", worker, sameServer);
        }

        @Override
        public void reconnecting() {
            log.debug("reconnecting to media worker {}", worker);
        }
    }
}
