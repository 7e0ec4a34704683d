package dev.conclave.signaling.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One HTTP attempt: a signed POST, no redirects followed, bounded in time, on a connection whose address
 * {@link WebhookTargets} allowed at the moment of connecting ({@link CheckedSockets}). Certificates are verified.
 */
@Component
class WebhookSender implements DisposableBean {

    private final CloseableHttpClient http;
    private final Duration timeout;

    WebhookSender(WebhookProperties properties, WebhookTargets targets, HostResolver resolver) {
        this.timeout = properties.requestTimeout();
        Timeout limit = Timeout.of(timeout);
        DnsResolver dns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return resolver.addresses(host).toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                new DefaultHttpClientConnectionOperator(new CheckedSockets(targets), DefaultSchemePortResolver.INSTANCE,
                        dns, RegistryBuilder.<TlsSocketStrategy>create()
                                .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createDefault()).build()),
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMinutes(1),
                ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setMaxTotal(properties.concurrency());
        connections.setDefaultMaxPerRoute(properties.concurrency());
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(limit).setSocketTimeout(limit).build());
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit).setResponseTimeout(limit).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .build();
    }

    Outcome send(URI url, String secret, String eventId, long timestampSeconds, String body) {
        HttpPost request = new HttpPost(url);
        request.setHeader("User-Agent", "Conclave-Webhooks/1");
        request.setHeader("webhook-id", eventId);
        request.setHeader("webhook-timestamp", Long.toString(timestampSeconds));
        request.setHeader("webhook-signature", WebhookSignature.sign(secret, eventId, timestampSeconds, body));
        request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8),
                ContentType.create("application/json")));
        long started = System.nanoTime();
        // the body of the answer is never read: closing the response without it drops the connection
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status, elapsed(started), false);
        } catch (CheckedSockets.RefusedTargetException e) {
            return new Outcome(null, e.getMessage(), elapsed(started), true);
        } catch (SocketTimeoutException e) {
            return new Outcome(null, "timed out after " + timeout.toMillis() + " ms", elapsed(started), false);
        } catch (IOException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), elapsed(started), false);
        }
    }

    private static int elapsed(long started) {
        return (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }

    /**
     * @param statusCode {@code null} when no response came; @param error {@code null} on success
     * @param refused    the address was refused: trying again would not help
     */
    record Outcome(Integer statusCode, String error, int durationMs, boolean refused) {
        boolean delivered() {
            return error == null;
        }
    }
}
