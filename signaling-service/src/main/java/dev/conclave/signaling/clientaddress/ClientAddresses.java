package dev.conclave.signaling.clientaddress;

import dev.conclave.signaling.network.IpLiteral;
import dev.conclave.signaling.network.Network;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who a request really comes from — the one place signaling decides it, for WebSocket handshakes and REST calls
 * alike (blocklists, session history). Behind the gateway the socket's peer is the gateway, which says who the client
 * is in {@code X-Forwarded-For}; anyone can write that header, so it is believed only when the request also carries
 * the gateway's forwarding secret ({@value #SECRET_HEADER}, compared in constant time) and comes from a trusted proxy
 * network. Then the forwarded hops are read from the right: the first one that is not a trusted proxy is the client.
 * Without a configured secret, the client is always the socket's peer.
 */
@Component
public class ClientAddresses {

    /** The header the gateway ({@code conclave.gateway.forwarding-secret}) proves itself with. */
    public static final String SECRET_HEADER = "X-Conclave-Forwarding-Secret";
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Logger log = LoggerFactory.getLogger(ClientAddresses.class);

    private final byte[] secret;
    private final List<Network> trustedProxies;

    ClientAddresses(ForwardingProperties properties) {
        this.secret = properties.forwardingSecret() == null ? null
                : properties.forwardingSecret().getBytes(StandardCharsets.UTF_8);
        this.trustedProxies = properties.rpc().trustedProxies().stream().map(Network::parse).toList();
        if (secret == null) {
            log.info("No conclave.signaling.forwarding-secret: X-Forwarded-For is never believed, every client is "
                    + "recorded as the address it connects from");
        }
    }

    /**
     * @param peer           the socket's remote address ({@code null} if unknown)
     * @param forwardedFor   every {@code X-Forwarded-For} header of the request, in order
     * @param presentedSecret the request's {@value #SECRET_HEADER}, if any
     * @return the client's address as text, {@code null} if unknown
     */
    public String of(InetAddress peer, List<String> forwardedFor, String presentedSecret) {
        if (peer == null) {
            return null;
        }
        InetAddress address = IpLiteral.unwrap(peer);
        if (!fromGateway(presentedSecret) || !trusted(address)) {
            return address.getHostAddress();
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            Arrays.stream(header.split(",")).map(String::strip).filter(hop -> !hop.isEmpty()).forEach(hops::add);
        }
        for (int hop = hops.size() - 1; hop >= 0 && trusted(address); hop--) {
            Optional<InetAddress> forwarded = IpLiteral.parse(hops.get(hop)).map(IpLiteral::unwrap);
            if (forwarded.isEmpty()) {
                break; // not an address: believe no further than the last trusted proxy
            }
            address = forwarded.get();
        }
        return address.getHostAddress();
    }

    private boolean fromGateway(String presented) {
        return secret != null && presented != null
                && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(network -> network.contains(address));
    }
}
