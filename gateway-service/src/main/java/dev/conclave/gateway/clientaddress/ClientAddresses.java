package dev.conclave.gateway.clientaddress;

import jakarta.validation.constraints.Min;
import java.net.InetSocketAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a request really comes from. With no proxy in front of the gateway it is the socket's peer and any
 * {@code X-Forwarded-For} is the client's own invention; with proxies, the address the outermost trusted one saw.
 */
@Component
public class ClientAddresses {

    private final RemoteAddressResolver resolver;

    ClientAddresses(Properties properties) {
        this.resolver = properties.trustedProxyHops() == 0 ? new RemoteAddressResolver() { }
                : XForwardedRemoteAddressResolver.maxTrustedIndex(properties.trustedProxyHops());
    }

    /** The client's IP address as text, or {@code "unknown"}. */
    public String of(ServerWebExchange exchange) {
        InetSocketAddress address = resolver.resolve(exchange);
        return address == null || address.getAddress() == null ? "unknown" : address.getAddress().getHostAddress();
    }

    /**
     * @param trustedProxyHops how many proxies (load balancers) in front of the gateway append to
     *                         {@code X-Forwarded-For}; more than there really are lets clients choose their address
     */
    @Validated
    @ConfigurationProperties("conclave.gateway")
    record Properties(@Min(0) int trustedProxyHops) {
    }
}
