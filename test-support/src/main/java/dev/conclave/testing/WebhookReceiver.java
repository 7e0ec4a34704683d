package dev.conclave.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on loopback that receives webhooks the way a customer's would: it records every request and
 * answers 500 to the first {@code failFirst} of them, 204 to the rest. It checks signatures with its own HMAC code,
 * independent of Conclave's.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final List<Received> received = new ArrayList<>();

    public WebhookReceiver(int failFirst) {
        this(failFirst, 0);
    }

    public WebhookReceiver(int failFirst, int port) {
        this.failuresLeft = new AtomicInteger(failFirst);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hooks", this::receive);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean accepted = failuresLeft.getAndDecrement() <= 0;
        synchronized (received) {
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, accepted));
        }
        exchange.sendResponseHeaders(accepted ? 204 : 500, -1);
        try (OutputStream ignored = exchange.getResponseBody()) {
            // no body
        }
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests it answered with success, in arrival order. */
    public List<Received> accepted() {
        return all().stream().filter(Received::accepted).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public record Received(String id, String timestamp, String signature, String body, boolean accepted) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String type() {
            return json().get("type").asString();
        }

        public String roomId() {
            return json().get("data").get("roomId").asString();
        }

        /** Standard Webhooks: base64(HMAC-SHA256(base64decode(secret without whsec_), id.timestamp.body)). */
        public boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                String expected = Base64.getEncoder().encodeToString(
                        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
                return signature != null && List.of(signature.split(" ")).contains("v1," + expected);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
