package dev.conclave.signaling.webhook;

import dev.conclave.signaling.error.ConclaveException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Which URLs may receive webhooks: http or https, a host, no credentials in the URL, and never the platform's own
 * services (this one included), which would let an API client make Conclave call itself.
 */
@Component
class WebhookUrlPolicy implements ApplicationListener<WebServerInitializedEvent> {

    private static final int MAX_LENGTH = 2048;

    private final List<String> forbiddenTargets;
    private volatile int ownPort = -1;

    WebhookUrlPolicy(WebhookProperties properties) {
        this.forbiddenTargets = properties.forbiddenTargets();
    }

    /** The port this service really listens on (the configured one may be 0: any free port). */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        ownPort = event.getWebServer().getPort();
    }

    URI check(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw ConclaveException.invalidParam("url", "must be an http(s) URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ConclaveException.invalidParam("url", "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ConclaveException.invalidParam("url", "must use http or https");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ConclaveException.invalidParam("url", "must name a host, with no credentials and no fragment");
        }
        if (isPlatform(uri)) {
            throw ConclaveException.invalidParam("url", "points at the Conclave platform itself");
        }
        return uri;
    }

    /** Checked again before each delivery, since a name may resolve elsewhere by then. */
    boolean isPlatform(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        Set<InetAddress> addresses = resolve(uri.getHost());
        if (port == ownPort && addresses.stream().anyMatch(WebhookUrlPolicy::isThisMachine)) {
            return true;
        }
        for (String target : forbiddenTargets) {
            int colon = target.lastIndexOf(':');
            if (colon > 0 && Integer.parseInt(target.substring(colon + 1)) == port
                    && resolve(target.substring(0, colon)).stream().anyMatch(addresses::contains)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isThisMachine(InetAddress address) {
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static Set<InetAddress> resolve(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).collect(Collectors.toSet());
        } catch (UnknownHostException e) {
            return Set.of();
        }
    }
}
