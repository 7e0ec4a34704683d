package dev.conclave.media.kurento;

import dev.conclave.media.worker.MediaWorkerClient;
import dev.conclave.media.worker.MediaWorkerConnector;
import dev.conclave.media.worker.MediaWorkerFailedException;
import dev.conclave.media.worker.MediaWorkerListener;
import dev.conclave.media.worker.WorkerId;
import java.net.URI;
import java.time.Duration;
import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to Kurento Media Server over its JSON-RPC WebSocket with the Kurento Java client. The client does not
 * reconnect on its own: the registry's probes notice a lost worker and connect afresh when it answers again.
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
        JsonRpcClientNettyWebSocket jsonRpc = new JsonRpcClientNettyWebSocket(url.toString(), new Lifecycle(worker));
        jsonRpc.setConnectionTimeout((int) connectTimeout.toMillis());
        jsonRpc.setRequestTimeout(requestTimeout.toMillis());
        jsonRpc.setTryReconnectingForever(false);
        jsonRpc.setTryReconnectingMaxTime(0);
        jsonRpc.setLabel("kms-" + worker.value());
        try {
            jsonRpc.connect();
            KurentoClient kurento = KurentoClient.createFromJsonRpcClientHonoringClientTimeouts(jsonRpc);
            return new KurentoMediaWorkerClient(worker, kurento, listener);
        } catch (Exception e) {
            try {
                jsonRpc.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new MediaWorkerFailedException(worker, "cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    private record Lifecycle(WorkerId worker) implements JsonRpcWSConnectionListener {

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
            log.info("connection to media worker {} closed (a lost worker shows in its probes)", worker);
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
