package dev.conclave.signaling.clientaddress;

import dev.conclave.signaling.network.Network;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When signaling believes {@code X-Forwarded-For}.
 *
 * @param forwardingSecret the secret the gateway sends with every request it proxies
 *                         ({@code conclave.gateway.forwarding-secret}); with none, {@code X-Forwarded-For} is never
 *                         believed and every client is the socket's peer
 * @param rpc              {@code rpc.trusted-proxies}: networks (CIDR) the gateway connects from; a forwarded address
 *                         is believed only from a peer in them that also presents the secret
 */
@ConfigurationProperties("conclave.signaling")
public record ForwardingProperties(String forwardingSecret, Rpc rpc) {

    static final int MIN_SECRET_LENGTH = 16;

    public ForwardingProperties {
        forwardingSecret = forwardingSecret == null || forwardingSecret.isBlank() ? null : forwardingSecret;
        rpc = rpc == null ? new Rpc(List.of()) : rpc;
        List<String> problems = new ArrayList<>();
        if (forwardingSecret != null && forwardingSecret.length() < MIN_SECRET_LENGTH) {
            problems.add("conclave.signaling.forwarding-secret must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        problems.addAll(rpc.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** @param trustedProxies networks (CIDR) whose {@code X-Forwarded-For} may be believed */
    public record Rpc(List<String> trustedProxies) {

        public Rpc {
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            for (String network : trustedProxies) {
                try {
                    Network.parse(network);
                } catch (IllegalArgumentException e) {
                    problems.add("conclave.signaling.rpc.trusted-proxies: " + e.getMessage());
                }
            }
            return problems;
        }
    }
}
