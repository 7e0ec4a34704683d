package dev.conclave.signaling.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A fake at our own port {@link HostResolver} that asks no DNS server: every name stands for 203.0.113.10 (TEST-NET-3,
 * an address for documentation, which WebhookTargets lets through as public). For tests that register webhooks with
 * made-up names and must not reach the network to check them.
 */
public final class DocumentationHostResolver implements HostResolver {

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 10}));
    }
}
