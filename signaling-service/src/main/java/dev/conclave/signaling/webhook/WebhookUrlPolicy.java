package dev.conclave.signaling.webhook;

import dev.conclave.signaling.error.ConclaveException;
import dev.conclave.signaling.network.IpLiteral;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which URLs may receive webhooks: http or https, a host, no credentials in the URL, a host spelled the one way every
 * resolver reads alike, and no address {@link WebhookTargets} refuses. Checked when an endpoint is registered, for a
 * clear answer to the API client; what counts is the same check of the address each delivery really connects to
 * ({@link WebhookSender}), since a name may resolve elsewhere by then.
 */
@Component
class WebhookUrlPolicy {

    private static final int MAX_LENGTH = 2048;

    private final WebhookTargets targets;
    private final HostResolver resolver;

    WebhookUrlPolicy(WebhookTargets targets, HostResolver resolver) {
        this.targets = targets;
        this.resolver = resolver;
    }

    /** The URL to register, or {@code INVALID_PARAMS} on {@code url} saying what is wrong with it. */
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
        Optional<String> refusal = spelling(uri).or(() -> resolvedRefusal(uri));
        if (refusal.isPresent()) {
            throw ConclaveException.invalidParam("url", refusal.get());
        }
        return uri;
    }

    /** Why a stored URL may not be called any more, by its spelling alone (its addresses are checked at connect). */
    Optional<String> recheck(URI uri) {
        return spelling(uri);
    }

    private static Optional<String> spelling(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must use http or https");
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must name a host, with no credentials and no fragment");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") ? IpLiteral.parse(name).isEmpty() : name.contains(":")) {
            return Optional.of("has an IPv6 address that is not a plain one (no zone, hexadecimal groups)");
        }
        if (IpLiteral.isAmbiguousNumericHost(name)) {
            return Optional.of("spells an IPv4 address in a form resolvers read differently: write it as four "
                    + "decimal numbers (a.b.c.d)");
        }
        return Optional.empty();
    }

    private Optional<String> resolvedRefusal(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (InetAddress address : addresses(uri.getHost())) {
            Optional<String> refusal = targets.refusal(address, port);
            if (refusal.isPresent()) {
                return Optional.of("may not be called: " + refusal.get());
            }
        }
        return Optional.empty();
    }

    /** The host's addresses now; none when it does not resolve (yet), which registration does not hold against it. */
    private List<InetAddress> addresses(String host) {
        try {
            return resolver.addresses(host);
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
