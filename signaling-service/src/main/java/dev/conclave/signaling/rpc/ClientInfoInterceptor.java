package dev.conclave.signaling.rpc;

import dev.conclave.signaling.clientaddress.ClientAddresses;
import dev.conclave.signaling.participant.ClientInfo;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Records where a client connects from ({@link ClientAddresses}: {@code X-Forwarded-For} only from the gateway) and
 * with what browser.
 */
@Component
class ClientInfoInterceptor implements HandshakeInterceptor {

    static final String CLIENT_INFO = "conclave.clientInfo";

    private final ClientAddresses addresses;

    ClientInfoInterceptor(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        HttpHeaders headers = request.getHeaders();
        InetSocketAddress peer = request.getRemoteAddress();
        String client = addresses.of(peer == null ? null : peer.getAddress(),
                headers.getOrEmpty(ClientAddresses.FORWARDED_FOR), headers.getFirst(ClientAddresses.SECRET_HEADER));
        attributes.put(CLIENT_INFO, new ClientInfo(client, headers.getFirst(HttpHeaders.USER_AGENT)));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
    }
}
