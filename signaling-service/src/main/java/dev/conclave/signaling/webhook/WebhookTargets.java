package dev.conclave.signaling.webhook;

import dev.conclave.signaling.network.IpLiteral;
import dev.conclave.signaling.network.Network;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Which addresses webhooks may connect to, asked about the address a connection is really about to be made to (after
 * DNS), so that no spelling of a host name and no DNS answer that changes after registration gets around it.
 * <ul>
 *     <li>never this service's own port on this machine, nor a {@code forbidden-targets} {@code host:port} of the
 *     platform, in any spelling (a forbidden host on this machine forbids every address of this machine on its
 *     port);</li>
 *     <li>then anything in {@code allowed-networks};</li>
 *     <li>never loopback, the unspecified address, link-local (cloud metadata at 169.254.169.254 included), multicast,
 *     reserved blocks, or another address of this machine;</li>
 *     <li>private networks only with {@code allow-private-networks}.</li>
 * </ul>
 * IPv4 addresses embedded in IPv6 (mapped, compatible, NAT64) are judged as the IPv4 address they carry.
 */
@Component
class WebhookTargets implements ApplicationListener<WebServerInitializedEvent> {

    private static final List<Named> REFUSED = List.of(
            named("a loopback address", "127.0.0.0/8", "::1/128"),
            named("the unspecified address", "0.0.0.0/8", "::/128"),
            named("a link-local address", "169.254.0.0/16", "fe80::/10"),
            named("a multicast address", "224.0.0.0/4", "ff00::/8"),
            named("a reserved address", "240.0.0.0/4", "::/96", "100::/64", "2001:db8::/32"));
    private static final Named PRIVATE = named("a private address", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "fc00::/7", "fec0::/10");

    private final HostResolver resolver;
    private final List<Target> forbidden;
    private final List<Network> allowed;
    private final boolean allowPrivate;
    private volatile int ownPort = -1;

    WebhookTargets(WebhookProperties properties, HostResolver resolver) {
        this.resolver = resolver;
        this.forbidden = properties.forbiddenTargets().stream().map(Target::parse).toList();
        this.allowed = properties.allowedNetworks().stream().map(Network::parse).toList();
        this.allowPrivate = properties.allowPrivateNetworks();
    }

    /** The port this service really listens on (the configured one may be 0: any free port). */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        ownPort = event.getWebServer().getPort();
    }

    /** Why a webhook may not connect to {@code address} on {@code port}; empty when it may. */
    Optional<String> refusal(InetAddress address, int port) {
        InetAddress judged = IpLiteral.unwrap(address);
        String what = judged.getHostAddress();
        if (port == ownPort && isThisMachine(judged)) {
            return Optional.of(what + ":" + port + " is this signaling-service");
        }
        for (Target target : forbidden) {
            if (target.port() == port && target.covers(judged, resolver)) {
                return Optional.of(what + ":" + port + " is a service of the Conclave platform (forbidden-targets "
                        + target.text() + ")");
            }
        }
        if (allowed.stream().anyMatch(network -> network.contains(judged))) {
            return Optional.empty();
        }
        for (Named refused : REFUSED) {
            if (refused.contains(judged)) {
                return Optional.of(what + " is " + refused.name());
            }
        }
        if (isThisMachine(judged)) {
            return Optional.of(what + " is an address of this machine");
        }
        if (!allowPrivate && PRIVATE.contains(judged)) {
            return Optional.of(what + " is " + PRIVATE.name()
                    + " (allowed only with conclave.signaling.webhooks.allow-private-networks)");
        }
        return Optional.empty();
    }

    static boolean isThisMachine(InetAddress address) {
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static Named named(String name, String... networks) {
        List<Network> parsed = new ArrayList<>();
        for (String network : networks) {
            parsed.add(Network.parse(network));
        }
        return new Named(name, parsed);
    }

    private record Named(String name, List<Network> networks) {
        boolean contains(InetAddress address) {
            return networks.stream().anyMatch(network -> network.contains(address));
        }
    }

    /** A {@code host:port} of the platform, resolved at each check (its address may move). */
    record Target(String host, int port, String text) {

        static Target parse(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon).strip() : "";
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1).strip());
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("forbidden target \"" + text + "\" is not host:port");
            }
            return new Target(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host,
                    port, text);
        }

        boolean covers(InetAddress address, HostResolver resolver) {
            List<InetAddress> addresses = IpLiteral.parse(host).map(List::of).orElseGet(() -> {
                try {
                    return resolver.resolve(host);
                } catch (UnknownHostException e) {
                    return List.of();
                }
            });
            for (InetAddress candidate : addresses) {
                InetAddress target = IpLiteral.unwrap(candidate);
                if (isThisMachine(target) ? isThisMachine(address) : target.equals(address)) {
                    return true;
                }
            }
            return false;
        }
    }
}
