package dev.conclave.signaling.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Optional;
import org.apache.hc.client5.http.io.DetachedSocketFactory;

/**
 * The sockets webhooks are sent on: each checks the address it is about to connect to — after DNS, whatever the URL
 * said — with {@link WebhookTargets}, and refuses before a single packet leaves for a forbidden one. TLS is layered
 * over such a socket after it connected, so https is checked the same way.
 */
final class CheckedSockets implements DetachedSocketFactory {

    private final WebhookTargets targets;

    CheckedSockets(WebhookTargets targets) {
        this.targets = targets;
    }

    @Override
    public Socket create(Proxy proxy) throws IOException {
        if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
            throw new RefusedTargetException("webhooks are not sent through proxies");
        }
        return new CheckedSocket(targets);
    }

    /** A webhook connection refused by {@link WebhookTargets}: the message says which address and why. */
    static final class RefusedTargetException extends IOException {
        RefusedTargetException(String reason) {
            super(reason);
        }
    }

    private static final class CheckedSocket extends Socket {

        private final WebhookTargets targets;

        CheckedSocket(WebhookTargets targets) {
            this.targets = targets;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address) || address.isUnresolved()) {
                throw new RefusedTargetException("refused: " + endpoint + " is not a resolved address");
            }
            Optional<String> refusal = targets.refusal(address.getAddress(), address.getPort());
            if (refusal.isPresent()) {
                close();
                throw new RefusedTargetException("refused: " + refusal.get());
            }
            super.connect(endpoint, timeout);
        }
    }
}
