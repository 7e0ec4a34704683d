package dev.conclave.signaling.rpc;

import dev.conclave.signaling.participant.ClientInfo;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Records where a client connects from and with what browser. Behind the gateway the socket's peer is the gateway,
 * so {@code X-Forwarded-For} is read — but only from trusted proxies, and from the right: the first address that is
 * not a trusted proxy is the client.
 */
@Component
class ClientInfoInterceptor implements HandshakeInterceptor {

    static final String CLIENT_INFO = "conclave.clientInfo";

    private final List<IpAddressMatcher> trustedProxies;

    ClientInfoInterceptor(RpcProperties properties) {
        this.trustedProxies = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        attributes.put(CLIENT_INFO, new ClientInfo(clientAddress(request),
                request.getHeaders().getFirst(HttpHeaders.USER_AGENT)));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
    }

    private String clientAddress(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        String address = peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
        List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For").stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::strip)
                .filter(hop -> !hop.isEmpty())
                .toList();
        for (int hop = forwarded.size() - 1; hop >= 0 && address != null && trusted(address); hop--) {
            address = forwarded.get(hop);
        }
        return address;
    }

    private boolean trusted(String address) {
        try {
            return trustedProxies.stream().anyMatch(matcher -> matcher.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
