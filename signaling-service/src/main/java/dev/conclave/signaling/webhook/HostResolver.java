package dev.conclave.signaling.webhook;

import dev.conclave.signaling.network.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Names to addresses for webhook receivers: the system's resolver, unless a test puts its own here. */
@FunctionalInterface
interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The addresses a URL's host stands for: a literal is itself, {@code localhost} and {@code *.localhost} are
     * loopback whatever the resolver says (RFC 6761), a trailing dot changes nothing, anything else is asked of the
     * resolver.
     */
    default List<InetAddress> addresses(String host) throws UnknownHostException {
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) {
            return List.of(literal.get());
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return List.of(InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1}),
                    InetAddress.getByAddress(name, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        }
        return resolve(name);
    }
}
